package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsu.core.ErrorKind;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
final class PidfdIT {
    private final Posix posix = Posix.get();
    private final Children children = new Children();

    @AfterEach
    void killChildren() throws InterruptedException {
        children.close();
    }

    @Test
    void pidfd_signalsAndReportsExitThroughEpoll() throws Exception {
        Process sleep = children.start("sleep", "30");
        int pidfd = posix.pidfdOpen((int) sleep.pid());
        try (Epoll epoll = Epoll.open(4)) {
            epoll.add(pidfd, Epoll.IN);
            assertThat(epoll.await(0)).isZero();

            assertThat(posix.pidfdSendSignal(pidfd, Signal.TERM)).isTrue();

            assertThat(epoll.await(10_000)).isEqualTo(1);
            assertThat(epoll.readyFd(0)).isEqualTo(pidfd);
            assertThat(epoll.readyEvents(0) & Epoll.IN).isEqualTo(Epoll.IN);
            assertThat(sleep.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sleep.exitValue()).isEqualTo(128 + 15);
            assertThat(posix.pidfdSendSignal(pidfd, Signal.TERM)).isFalse();   // exited and reaped
        } finally {
            posix.close(pidfd);
        }
    }

    @Test
    void pidfdOpen_goneProcess_notFound() throws Exception {
        Process sleep = children.start("sleep", "30");
        int pid = (int) sleep.pid();
        sleep.destroyForcibly().waitFor();

        assertThatThrownBy(() -> posix.pidfdOpen(pid))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("pidfd_open(" + pid + ") failed: ESRCH (No such process)");
    }

    @Test
    void close_twice_badDescriptor() throws Exception {
        int pidfd = posix.pidfdOpen(posix.getpid());
        posix.close(pidfd);

        assertThatThrownBy(() -> posix.close(pidfd))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.IO))
                .hasMessage("close(" + pidfd + ") failed: EBADF (Bad file descriptor)");
    }
}
