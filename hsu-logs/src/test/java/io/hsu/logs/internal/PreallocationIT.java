package io.hsu.logs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Steps of reservation ahead of a real file's writes, capped at the rotation size, freed at release. */
final class PreallocationIT {
    private static final long MIB = 1 << 20;

    @Test
    void reservesStepByStep_neverPastTheLimit_andFreesTheRestAtRelease(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("web.log");
        Files.writeString(file, "first line\n");
        Preallocation blocks = Preallocation.open(file, 11);

        blocks.ahead(11 + 100, 20 * MIB);
        assertThat(blocks.reservedTo()).isEqualTo(11 + Preallocation.STEP);
        blocks.ahead(11 + 200, 20 * MIB);   // inside the reservation: nothing to do
        assertThat(blocks.reservedTo()).isEqualTo(11 + Preallocation.STEP);
        blocks.ahead(Preallocation.STEP + 100, 20 * MIB);
        assertThat(blocks.reservedTo()).isEqualTo(11 + 2 * Preallocation.STEP);
        blocks.ahead(2 * Preallocation.STEP + 100, 20 * MIB);
        assertThat(blocks.reservedTo()).isEqualTo(20 * MIB);
        assertThat(allocatedBytes(file)).isGreaterThanOrEqualTo(20 * MIB - 4096);
        assertThat(Files.size(file)).isEqualTo(11);

        blocks.release(11, Files.size(file));

        assertThat(allocatedBytes(file)).isLessThan(MIB);
        assertThat(Files.readString(file)).isEqualTo("first line\n");
    }

    @Test
    void aFileSomeoneElseWroteTo_keepsItsBlocksAndBytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shared.log");
        Files.writeString(file, "");
        Preallocation blocks = Preallocation.open(file, 0);
        blocks.ahead(10, 50 * MIB);
        Files.writeString(file, "written by another process\n");

        blocks.release(0, Files.size(file));

        assertThat(Files.readString(file)).isEqualTo("written by another process\n");
    }

    @Test
    void notARegularFile_reservesNothing() {
        Preallocation blocks = Preallocation.open(Path.of("/dev/full"), 0);
        blocks.ahead(100, 50 * MIB);
        assertThat(blocks).isSameAs(Preallocation.NONE);
    }

    private static long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).redirectErrorStream(true).start();
        String out = new String(stat.getInputStream().readAllBytes()).trim();
        assertThat(stat.waitFor()).as(out).isZero();
        return Long.parseLong(out) * 512;
    }
}
