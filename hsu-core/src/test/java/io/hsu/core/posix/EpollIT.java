package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsu.core.ErrorKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
final class EpollIT {
    private final Posix posix = Posix.get();
    private Epoll epoll;
    private Pipe pipe;
    private boolean writerClosed;

    @BeforeEach
    void open() {
        epoll = Epoll.open(8);
        pipe = posix.pipe2(Posix.O_CLOEXEC | Posix.O_NONBLOCK);
    }

    @AfterEach
    void close() {
        epoll.close();
        posix.close(pipe.readFd());
        if (!writerClosed) {
            posix.close(pipe.writeFd());
        }
    }

    @Test
    void pipe_dataThenHangUp() {
        epoll.add(pipe.readFd(), Epoll.IN | Epoll.RDHUP);
        assertThat(epoll.await(0)).isZero();

        // data
        posix.write(pipe.writeFd(), "hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
        assertThat(epoll.await(5_000)).isEqualTo(1);
        assertThat(epoll.readyFd(0)).isEqualTo(pipe.readFd());
        assertThat(epoll.readyEvents(0)).isEqualTo(Epoll.IN);
        byte[] buf = new byte[16];
        assertThat(posix.read(pipe.readFd(), buf, 2, 10)).isEqualTo(5);
        assertThat(new String(buf, 2, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(posix.read(pipe.readFd(), buf, 0, 16)).as("EAGAIN").isZero();

        // hang-up
        posix.close(pipe.writeFd());
        writerClosed = true;
        assertThat(epoll.await(5_000)).isEqualTo(1);
        assertThat(epoll.readyEvents(0) & Epoll.HUP).isEqualTo(Epoll.HUP);
        assertThat(posix.read(pipe.readFd(), buf, 0, 16)).as("EOF").isEqualTo(-1);
    }

    @Test
    void directBuffers_readAndWriteAtPosition() {
        ByteBuffer out = ByteBuffer.allocateDirect(16);
        out.put("xxabc".getBytes(StandardCharsets.US_ASCII)).flip().position(2);
        assertThat(posix.write(pipe.writeFd(), out)).isEqualTo(3);
        assertThat(out.remaining()).isZero();

        ByteBuffer in = ByteBuffer.allocateDirect(16).position(4);
        assertThat(posix.read(pipe.readFd(), in)).isEqualTo(3);
        assertThat(in.position()).isEqualTo(7);
        assertThat(StandardCharsets.US_ASCII.decode(in.flip().position(4)).toString()).isEqualTo("abc");
        assertThat(posix.read(pipe.readFd(), ByteBuffer.allocateDirect(4))).isZero();

        assertThatThrownBy(() -> posix.read(pipe.readFd(), ByteBuffer.allocate(4)))
                .hasMessage("buffer must be direct (ByteBuffer.allocateDirect), but was a heap buffer");
    }

    @Test
    void wakeup_fromAnotherThread_endsAnUnboundedWait() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            int n = epoll.await(-1);
            return n == 0 && epoll.wasWokenUp();
        });
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();

        epoll.wakeup();

        assertThat(woken.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(epoll.await(0)).as("the wakeup was consumed").isZero();
        assertThat(epoll.wasWokenUp()).isFalse();
    }

    @Test
    void wakeup_merges_andReadyDescriptorsStillReported() {
        epoll.add(pipe.readFd(), Epoll.IN);
        posix.write(pipe.writeFd(), new byte[] {1}, 0, 1);
        epoll.wakeup();
        epoll.wakeup();

        assertThat(epoll.await(5_000)).isEqualTo(1);
        assertThat(epoll.wasWokenUp()).isTrue();
        assertThat(epoll.readyFd(0)).isEqualTo(pipe.readFd());
        assertThatThrownBy(() -> epoll.readyFd(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void modifyAndRemove() {
        posix.write(pipe.writeFd(), new byte[] {1}, 0, 1);
        epoll.add(pipe.readFd(), Epoll.OUT);
        assertThat(epoll.await(0)).isZero();

        epoll.modify(pipe.readFd(), Epoll.IN);
        assertThat(epoll.await(0)).isEqualTo(1);

        epoll.remove(pipe.readFd());
        assertThat(epoll.await(0)).isZero();
    }

    @Test
    void edgeTriggered_reportsOnlyNewData() {
        epoll.add(pipe.readFd(), Epoll.IN | Epoll.ET);
        posix.write(pipe.writeFd(), new byte[] {1}, 0, 1);

        assertThat(epoll.await(0)).isEqualTo(1);
        assertThat(epoll.await(0)).isZero();
        posix.write(pipe.writeFd(), new byte[] {2}, 0, 1);
        assertThat(epoll.await(0)).isEqualTo(1);
    }

    @Test
    void errors_nameTheCall() {
        epoll.add(pipe.readFd(), Epoll.IN);

        assertThatThrownBy(() -> epoll.add(pipe.readFd(), Epoll.IN))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.IO))
                .hasMessageMatching("epoll_ctl\\(\\d+, EPOLL_CTL_ADD, " + pipe.readFd()
                        + ", 0x1\\) failed: EEXIST \\(File exists\\)");
        assertThatThrownBy(() -> epoll.remove(pipe.writeFd()))
                .hasMessageEndingWith("failed: ENOENT (No such file or directory)");
        assertThatThrownBy(() -> Epoll.open(0)).hasMessage("maxEventsPerWait must be >= 1, but was 0");
    }

    @Test
    void close_isIdempotent_andLaterUseFails() {
        Epoll other = Epoll.open(1);
        other.close();
        other.close();
        other.wakeup();   // ignored

        assertThatThrownBy(() -> other.await(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageMatching("epoll instance \\d+ is closed");
        assertThatThrownBy(() -> other.add(pipe.readFd(), Epoll.IN)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void moreReadyThanMax_restComeNextTime() {
        try (Epoll small = Epoll.open(1)) {
            Pipe second = posix.pipe2(Posix.O_CLOEXEC);
            try {
                small.add(pipe.readFd(), Epoll.IN);
                small.add(second.readFd(), Epoll.IN);
                posix.write(pipe.writeFd(), new byte[] {1}, 0, 1);
                posix.write(second.writeFd(), new byte[] {1}, 0, 1);

                assertThat(small.await(0)).isEqualTo(1);
                int first = small.readyFd(0);
                posix.read(first, new byte[1], 0, 1);
                assertThat(small.await(0)).isEqualTo(1);
                assertThat(small.readyFd(0)).isNotEqualTo(first);
            } finally {
                posix.close(second.readFd());
                posix.close(second.writeFd());
            }
        }
    }
}
