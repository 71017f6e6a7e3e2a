package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
final class ProcessIdentityIT {
    private final Posix posix = Posix.get();
    private final Children children = new Children();

    @AfterEach
    void killChildren() throws InterruptedException {
        children.close();
    }

    @Test
    void read_liveChild() {
        Process sleep = children.start("sleep", "30");
        int pid = (int) sleep.pid();

        ProcessIdentity p = ProcessIdentity.read(pid).orElseThrow();

        assertThat(p.pid()).isEqualTo(pid);
        assertThat(p.command()).isEqualTo("sleep");
        assertThat(p.state()).isIn('S', 'R');
        assertThat(p.parentPid()).isEqualTo(posix.getpid());
        assertThat(p.processGroup()).isEqualTo(pid);
        assertThat(p.session()).isEqualTo(pid);
        assertThat(p.isGroupLeader()).isTrue();
        assertThat(bootTime().plusMillis(p.startTimeTicks() * 1000 / posix.clockTicksPerSecond()))
                .isCloseTo(sleep.info().startInstant().orElseThrow(), within(2, ChronoUnit.SECONDS));
    }

    @Test
    void isStillRunning_wrongStartTime_isARecycledPid() {
        int pid = (int) children.start("sleep", "30").pid();
        long start = ProcessIdentity.read(pid).orElseThrow().startTimeTicks();

        assertThat(ProcessIdentity.isStillRunning(pid, start)).isTrue();
        assertThat(ProcessIdentity.isStillRunning(pid, start - 1)).isFalse();
        assertThat(ProcessIdentity.isStillRunning(pid, start + 1)).isFalse();
    }

    @Test
    void isStillRunning_exitedChild_false() throws Exception {
        Process sleep = children.start("sleep", "30");
        int pid = (int) sleep.pid();
        long start = ProcessIdentity.read(pid).orElseThrow().startTimeTicks();

        sleep.destroyForcibly();
        assertThat(sleep.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(ProcessIdentity.isStillRunning(pid, start)).isFalse();
        assertThat(ProcessIdentity.read(pid)).isEmpty();
    }

    @Test
    void read_self() {
        ProcessIdentity self = ProcessIdentity.read(posix.getpid()).orElseThrow();

        assertThat(self.parentPid()).isEqualTo(posix.getppid());
        assertThat(self.processGroup()).isEqualTo(posix.getpgid(0));
        assertThat(self.session()).isEqualTo(posix.getsid(0));
    }

    private static Instant bootTime() {
        try {
            return Files.readAllLines(Path.of("/proc/stat")).stream()
                    .filter(line -> line.startsWith("btime "))
                    .map(line -> Instant.ofEpochSecond(Long.parseLong(line.substring(6).strip())))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
