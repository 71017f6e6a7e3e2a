package io.hsu.logs.internal;

import static io.hsu.core.posix.DiskUsage.allocatedBytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reservation on real files: started by growth, a step ahead, capped, freed at release, left alone when others write. */
final class PreallocationIT {
    private static final long MIB = 1 << 20;
    private static final long STEP = Preallocation.STEP;

    @Test
    void aQuietFile_reservesNothing_aBusyOneAStepAhead_capped_andTheRestIsFreedAtRelease(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("web.log");
        Preallocation blocks = Preallocation.open(file);
        try (FileChannel channel = FileChannel.open(blocks.channelPath(file), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            blocks.start(channel.size());
            long size = append(channel, blocks, 0, 1000, 20 * MIB);
            assertThat(blocks.reservedTo()).as("a quiet file").isZero();
            assertThat(allocatedBytes(file)).isLessThan(MIB);

            size = append(channel, blocks, size, Preallocation.START, 20 * MIB);   // grown enough: reserving starts
            long reserved = 1000 + Preallocation.START + STEP;
            assertThat(blocks.reservedTo()).isEqualTo(reserved);
            assertThat(allocatedBytes(file)).isGreaterThanOrEqualTo(reserved - 4096);
            size = append(channel, blocks, size, reserved - size, 20 * MIB);   // ends where the reservation ends
            assertThat(blocks.reservedTo()).isEqualTo(reserved);
            size = append(channel, blocks, size, STEP + 1, 20 * MIB);
            assertThat(blocks.reservedTo()).as("capped at the rotation size").isEqualTo(20 * MIB);
            assertThat(Files.size(file)).isEqualTo(size);

            blocks.release(size);

            assertThat(allocatedBytes(file)).isLessThan(size + MIB);
            assertThat(Files.size(file)).isEqualTo(size);
        }
    }

    @Test
    void aFileSomeoneElseWritesTo_isNeitherReservedNorTruncated(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shared.log");
        Preallocation blocks = Preallocation.open(file);
        blocks.start(0);
        Files.writeString(file, "written by another process\n", StandardOpenOption.APPEND);

        blocks.ahead(0, Preallocation.START + 100, 50 * MIB);   // this writer thinks the file is empty
        assertThat(blocks.reservedTo()).isZero();
        blocks.release(0);

        assertThat(Files.readString(file)).isEqualTo("written by another process\n");
    }

    @Test
    void notARegularFile_reservesNothing() {
        assertThat(Preallocation.open(Path.of("/dev/full"))).isSameAs(Preallocation.NONE);
        assertThat(Preallocation.NONE.channelPath(Path.of("/dev/full"))).isEqualTo(Path.of("/dev/full"));
    }

    /** Writes {@code bytes} as the sink does: reserve ahead, then write. */
    private static long append(FileChannel channel, Preallocation blocks, long size, long bytes, long limit) throws IOException {
        blocks.ahead(size, bytes, limit);
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(bytes, MIB));
        for (long left = bytes; left > 0; ) {
            chunk.clear().limit((int) Math.min(left, chunk.capacity()));
            left -= channel.write(chunk);
        }
        return size + bytes;
    }
}
