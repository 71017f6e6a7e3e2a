package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fallocate KEEP_SIZE and ftruncate on a real file; allocated blocks read with stat(1). */
final class PreallocateIT {
    private static final long MIB = 1 << 20;
    private final Posix posix = Posix.get();

    @Test
    void reservesBlocksWithoutChangingTheSize_andATruncateToTheSizeFreesThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.log");
        int fd = posix.open(file, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_APPEND | Posix.O_CLOEXEC, 0644);
        try {
            assertThat(posix.preallocate(fd, 0, 8 * MIB)).isTrue();
            assertThat(Files.size(file)).isZero();
            assertThat(DiskUsage.allocatedBytes(file)).isGreaterThanOrEqualTo(8 * MIB);

            ByteBuffer line = ByteBuffer.allocateDirect(4096);
            while (line.hasRemaining()) {
                line.put((byte) 'x');
            }
            line.flip();
            assertThat(posix.write(fd, line)).isEqualTo(4096);
            posix.truncate(fd, 4096);

            assertThat(Files.size(file)).isEqualTo(4096);
            assertThat(DiskUsage.allocatedBytes(file)).isLessThan(MIB);
            assertThat(Files.readString(file)).isEqualTo("x".repeat(4096));
        } finally {
            posix.close(fd);
        }
    }

    @Test
    void notARegularFile_isRefusedWithoutAnError() {
        Pipe pipe = posix.pipe2(Posix.O_CLOEXEC);
        try {
            assertThat(posix.preallocate(pipe.writeFd(), 0, MIB)).isFalse();
        } finally {
            posix.close(pipe.readFd());
            posix.close(pipe.writeFd());
        }
        int full = posix.open(Path.of("/dev/full"), Posix.O_WRONLY | Posix.O_CLOEXEC);
        try {
            assertThat(posix.preallocate(full, 0, MIB)).isFalse();
        } finally {
            posix.close(full);
        }
    }
}
