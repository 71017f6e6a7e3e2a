package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hsu.core.ErrorKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Makes this test JVM a child subreaper for each test and restores the flag afterwards. */
@Tag("process")
final class SubreaperIT {
    private final Posix posix = Posix.get();
    private final Children children = new Children();
    private boolean wasSubreaper;
    @TempDir
    Path directory;

    @BeforeEach
    void becomeSubreaper() {
        wasSubreaper = posix.isChildSubreaper();
        posix.setChildSubreaper(true);
    }

    @AfterEach
    void restore() throws InterruptedException {
        try {
            children.close();
        } finally {
            posix.setChildSubreaper(wasSubreaper);
        }
    }

    @Test
    void flag_setAndCleared() {
        assertThat(posix.isChildSubreaper()).isTrue();
        posix.setChildSubreaper(false);
        assertThat(posix.isChildSubreaper()).isFalse();
        posix.setChildSubreaper(true);
        assertThat(posix.isChildSubreaper()).isTrue();
    }

    @Test
    void orphanedGrandchild_isReparentedAndReapedWithItsSignal() throws Exception {
        // given a shell that starts a grandchild and exits at once
        int grandchild = startOrphan("sleep 30");
        int self = posix.getpid();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessIdentity.read(grandchild).map(ProcessIdentity::parentPid).orElse(-1) == self);
        assertThat(posix.waitidNoHang(grandchild)).isEmpty();   // still running

        // when
        posix.kill(grandchild, Signal.KILL);

        // then it is our zombie until we reap it
        await().atMost(Duration.ofSeconds(10)).until(() -> posix.peekAnyChildNoHang()
                .map(WaitResult::pid).orElse(-1) == grandchild);
        assertThat(ProcessIdentity.read(grandchild).orElseThrow().isZombie()).isTrue();
        assertThat(posix.waitidNoHang(grandchild)).contains(WaitResult.killed(grandchild, 9, false));
        assertThat(ProcessIdentity.read(grandchild)).isEmpty();
    }

    @Test
    void orphanedGrandchild_exitCodeIsReported() throws Exception {
        // given a grandchild that exits 7 once it reads a line from a FIFO
        Path fifo = directory.resolve("go");
        posix.mkfifo(fifo, 0600);
        int grandchild = startOrphan("sh -c 'read line < \"" + fifo + "\"; exit 7'");

        // when: O_RDWR never blocks, and keeping it open keeps the line in the FIFO until read
        int fd = posix.open(fifo, Posix.O_RDWR | Posix.O_CLOEXEC);
        try {
            posix.write(fd, "go\n".getBytes(StandardCharsets.US_ASCII), 0, 3);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    ProcessIdentity.read(grandchild).map(ProcessIdentity::isZombie).orElse(false));
        } finally {
            posix.close(fd);
        }

        // then
        assertThat(posix.waitidNoHang(grandchild)).contains(WaitResult.exited(grandchild, 7));
    }

    @Test
    void waitAnyChild_reapsEveryOrphan() throws Exception {
        int first = startOrphan("sleep 30");
        int second = startOrphan("sleep 30");
        posix.kill(first, Signal.TERM);
        posix.kill(second, Signal.KILL);
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessIdentity.read(first).map(ProcessIdentity::isZombie)
                .orElse(false) && ProcessIdentity.read(second).map(ProcessIdentity::isZombie).orElse(false));

        Optional<WaitResult> a = posix.waitAnyChildNoHang();
        Optional<WaitResult> b = posix.waitAnyChildNoHang();

        assertThat(a.stream().map(WaitResult::toString)).isNotEmpty();
        assertThat(java.util.List.of(a.orElseThrow(), b.orElseThrow()))
                .containsExactlyInAnyOrder(WaitResult.killed(first, 15, false), WaitResult.killed(second, 9, false));
        assertThat(posix.waitAnyChildNoHang()).isEmpty();
    }

    @Test
    void waitidNoHang_notOurChild_notFound() {
        assertThatThrownBy(() -> posix.waitidNoHang(1))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("waitid(P_PID, 1, WEXITED|WNOHANG) failed: ECHILD (No child processes)");
    }

    /** Starts {@code sh -c '<command> &'} in a new session and returns the orphaned grandchild's pid. */
    private int startOrphan(String command) throws Exception {
        Process shell = children.startNoWait("sh", "-c", command + " & echo $!");
        int pid = children.track(firstLineAsPid(shell));
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return pid;
    }

    private static int firstLineAsPid(Process shell) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII));
        return Integer.parseInt(out.readLine().strip());
    }
}
