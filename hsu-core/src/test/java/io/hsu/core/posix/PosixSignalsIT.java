package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import io.hsu.core.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
final class PosixSignalsIT {
    private final Posix posix = Posix.get();
    private final Children children = new Children();

    @AfterEach
    void killChildren() throws InterruptedException {
        children.close();
    }

    @Test
    void killGroup_reachesEveryMember() throws Exception {
        // given a session leader with two background children in its group
        Process shell = children.start("sh", "-c", "sleep 30 & sleep 30 & wait");
        int pgid = (int) shell.pid();
        await().atMost(Duration.ofSeconds(10)).until(() -> Children.liveGroupMembers(pgid).size() == 3);

        // when
        boolean delivered = posix.killGroup(pgid, Signal.TERM);

        // then
        assertThat(delivered).isTrue();
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> Children.liveGroupMembers(pgid).isEmpty());
    }

    @Test
    void kill_goneProcess_returnsFalse() throws Exception {
        Process sleep = children.start("sleep", "30");
        int pid = (int) sleep.pid();

        assertThat(posix.isAlive(pid)).isTrue();
        assertThat(posix.kill(pid, Signal.KILL)).isTrue();
        assertThat(sleep.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(sleep.exitValue()).isEqualTo(128 + 9);
        assertThat(posix.isAlive(pid)).isFalse();
        assertThat(posix.kill(pid, Signal.TERM)).isFalse();
        assertThat(posix.killGroup(pid, Signal.TERM)).isFalse();
    }

    @Test
    void isAlive_init_isTrueEvenWithoutPermission() {
        assertThat(posix.isAlive(1)).isTrue();
    }

    /*
     * The EPERM tests signal a process of another user in another session: the kernel lets SIGCONT
     * through to any process of the sender's own session, and CI may run in init's session.
     */
    @Test
    void kill_notPermitted_throwsWithErrno() {
        assumeTrue(posix.geteuid() != 0, "root may signal anything; see kill_notPermitted_asNobody");
        int pid = rootOwnedProcessInAnotherSession();

        assertThatThrownBy(() -> posix.kill(pid, Signal.CONT))
                .isInstanceOfSatisfying(PosixException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.SIGNAL);
                    assertThat(e.errnoValue()).contains(Errno.EPERM);
                })
                .hasMessage("kill(" + pid + ", SIGCONT) failed: EPERM (Operation not permitted)");
    }

    /** As root, runs a JVM as user nobody (setpriv) that tries to signal a root-owned session leader. */
    @Test
    void kill_notPermitted_asNobody(@TempDir Path directory) throws Exception {
        assumeTrue(posix.geteuid() == 0 && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv");
        // given a root-owned session leader
        int target = (int) children.start("sleep", "30").pid();

        // when
        String output = AsNobody.runJava(directory, List.of(Native.class, Posix.class), KillMain.class,
                Integer.toString(target));

        // then
        assertThat(output).contains("SIGNAL EPERM: kill(" + target + ", SIGCONT) failed: EPERM (Operation not permitted)");
    }

    /** Init when it is not in this JVM's session, otherwise skips: a non-root user cannot start one. */
    private int rootOwnedProcessInAnotherSession() {
        ProcessIdentity init = ProcessIdentity.read(1).orElseThrow();
        assumeTrue(init.session() != posix.getsid(0), "init shares this JVM's session, where SIGCONT is allowed");
        return 1;
    }

    @Test
    void kill_nonPositivePid_rejectedBeforeTheCall() {
        assertThatThrownBy(() -> posix.kill(0, Signal.KILL)).hasMessage("pid must be > 0, but was 0");
        assertThatThrownBy(() -> posix.kill(-1, Signal.KILL)).hasMessage("pid must be > 0, but was -1");
        assertThatThrownBy(() -> posix.killGroup(1, Signal.KILL)).hasMessage("pgid must be > 1, but was 1");
        assertThatThrownBy(() -> posix.isAlive(0)).hasMessage("pid must be > 0, but was 0");
    }

    @Test
    void ids_ofSessionLeaderChild() {
        Process sleep = children.start("sleep", "30");
        int pid = (int) sleep.pid();

        assertThat(posix.getpid()).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(posix.getppid()).isEqualTo((int) ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(posix.getpgid(pid)).isEqualTo(pid);
        assertThat(posix.getsid(pid)).isEqualTo(pid);
        assertThat(posix.getpgid(0)).isEqualTo(posix.getpgid(posix.getpid()));
        assertThat(posix.getuid()).isGreaterThanOrEqualTo(0);
        assertThat(posix.clockTicksPerSecond()).isEqualTo(100);
    }

    @Test
    void getpgid_noSuchProcess_notFound() throws Exception {
        Process sleep = children.start("sleep", "30");
        int pid = (int) sleep.pid();
        sleep.destroyForcibly().waitFor();

        assertThatThrownBy(() -> posix.getpgid(pid))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("getpgid(" + pid + ") failed: ESRCH (No such process)");
    }

    @Test
    void parentDeathSignal_setAndCleared() {
        Signal before = posix.parentDeathSignal().orElse(null);
        try {
            posix.setParentDeathSignal(Signal.USR2);
            assertThat(posix.parentDeathSignal()).contains(Signal.USR2);
            posix.setParentDeathSignal(null);
            assertThat(posix.parentDeathSignal()).isEmpty();
        } finally {
            posix.setParentDeathSignal(before);
        }
    }
}
