package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsu.core.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
final class FifoIT {
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private final Posix posix = Posix.get();
    @TempDir
    Path directory;

    @Test
    void fifo_nonBlockingReaderThenWriter_withLargerBuffer() throws Exception {
        Path fifo = directory.resolve("worker.stdout");
        posix.mkfifo(fifo, 0600);
        int mode = (int) Files.getAttribute(fifo, "unix:mode");
        assertThat(mode & S_IFMT).isEqualTo(S_IFIFO);
        assertThat(mode & 0777).isEqualTo(0600);

        int reader = posix.open(fifo, Posix.O_RDONLY | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
        int writer = posix.open(fifo, Posix.O_WRONLY | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
        try {
            assertThat(posix.getPipeSize(reader)).isEqualTo(64 * 1024);
            assertThat(posix.setPipeSize(writer, 200_000)).isEqualTo(256 * 1024);   // rounded up to pages
            assertThat(posix.getPipeSize(reader)).isEqualTo(256 * 1024);

            byte[] line = "line 1\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(posix.write(writer, line, 0, line.length)).isEqualTo(line.length);
            byte[] buf = new byte[64];
            int n = posix.read(reader, buf, 0, buf.length);
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).isEqualTo("line 1\n");
            assertThat(posix.read(reader, buf, 0, buf.length)).as("no data yet").isZero();
        } finally {
            posix.close(writer);
        }
        try {
            assertThat(posix.read(reader, new byte[8], 0, 8)).as("every writer closed").isEqualTo(-1);
        } finally {
            posix.close(reader);
        }
    }

    @Test
    void tee_copiesWithoutConsuming_spliceToDevNullConsumes() throws Exception {
        Path fifo = directory.resolve("peeked");
        posix.mkfifo(fifo, 0600);
        int reader = posix.open(fifo, Posix.O_RDONLY | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
        int writer = posix.open(fifo, Posix.O_WRONLY | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
        Pipe scratch = posix.pipe2(Posix.O_NONBLOCK | Posix.O_CLOEXEC);
        int devNull = posix.open(Path.of("/dev/null"), Posix.O_WRONLY | Posix.O_CLOEXEC);
        try {
            assertThat(posix.tee(reader, scratch.writeFd(), 100)).as("empty: EAGAIN").isZero();
            byte[] lines = "one\ntwo\n".getBytes(StandardCharsets.US_ASCII);
            posix.write(writer, lines, 0, lines.length);

            assertThat(posix.tee(reader, scratch.writeFd(), 100)).isEqualTo(8);
            assertThat(read(scratch.readFd())).isEqualTo("one\ntwo\n");
            assertThat(posix.tee(reader, scratch.writeFd(), 6)).as("again from the start").isEqualTo(6);
            assertThat(read(scratch.readFd())).isEqualTo("one\ntw");

            assertThat(posix.splice(reader, devNull, 4)).isEqualTo(4);
            assertThat(read(reader)).isEqualTo("two\n");
            assertThat(posix.splice(reader, devNull, 4)).as("empty: EAGAIN").isZero();
        } finally {
            posix.close(devNull);
            posix.close(scratch.readFd());
            posix.close(scratch.writeFd());
            posix.close(writer);
        }
        try {
            int file = posix.open(Files.createFile(directory.resolve("plain")), Posix.O_WRONLY | Posix.O_CLOEXEC);
            try {
                assertThatThrownBy(() -> posix.tee(reader, file, 10))
                        .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errnoValue()).contains(Errno.EINVAL))
                        .hasMessage("tee(" + reader + ", " + file + ") failed: EINVAL (Invalid argument)");
            } finally {
                posix.close(file);
            }
        } finally {
            posix.close(reader);
        }
    }

    private String read(int fd) {
        byte[] buf = new byte[64];
        int n = posix.read(fd, buf, 0, buf.length);
        return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void fifo_writerWithoutReader_ENXIO() {
        Path fifo = directory.resolve("no-reader");
        posix.mkfifo(fifo, 0600);

        assertThatThrownBy(() -> posix.open(fifo, Posix.O_WRONLY | Posix.O_NONBLOCK))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errnoValue()).contains(Errno.ENXIO))
                .hasMessage("open(" + fifo + ", 04001) failed: ENXIO (No such device or address)");
    }

    @Test
    void mkfifo_exists_EEXIST() {
        Path fifo = directory.resolve("twice");
        posix.mkfifo(fifo, 0640);

        assertThatThrownBy(() -> posix.mkfifo(fifo, 0640))
                .isInstanceOfSatisfying(PosixException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.IO);
                    assertThat(e.errnoValue()).contains(Errno.EEXIST);
                })
                .hasMessage("mkfifo(" + fifo + ", 0640) failed: EEXIST (File exists)");
    }

    @Test
    void open_missing_ENOENT() {
        Path missing = directory.resolve("missing");

        assertThatThrownBy(() -> posix.open(missing, Posix.O_RDONLY))
                .hasMessage("open(" + missing + ", 00) failed: ENOENT (No such file or directory)");
    }

    @Test
    void setNonBlocking_togglesTheFlagOnly() {
        Pipe pipe = posix.pipe2(Posix.O_CLOEXEC);
        try {
            assertThat(posix.getStatusFlags(pipe.readFd()) & Posix.O_NONBLOCK).isZero();
            posix.setNonBlocking(pipe.readFd(), true);
            assertThat(posix.getStatusFlags(pipe.readFd()) & Posix.O_NONBLOCK).isEqualTo(Posix.O_NONBLOCK);
            assertThat(posix.read(pipe.readFd(), new byte[4], 0, 4)).isZero();
            posix.setNonBlocking(pipe.readFd(), false);
            assertThat(posix.getStatusFlags(pipe.readFd()) & Posix.O_NONBLOCK).isZero();
        } finally {
            posix.close(pipe.readFd());
            posix.close(pipe.writeFd());
        }
    }

    @Test
    void setPipeSize_onRegularFile_EBADF() throws Exception {
        Path file = Files.writeString(directory.resolve("plain"), "x");
        int fd = posix.open(file, Posix.O_RDONLY | Posix.O_CLOEXEC);
        try {
            assertThatThrownBy(() -> posix.setPipeSize(fd, 65536))
                    .hasMessage("fcntl(" + fd + ", F_SETPIPE_SZ, 65536) failed: EBADF (Bad file descriptor)");
        } finally {
            posix.close(fd);
        }
    }
}
