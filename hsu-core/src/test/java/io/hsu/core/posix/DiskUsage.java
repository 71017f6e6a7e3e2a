package io.hsu.core.posix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A file's allocated size, for tests of block reservation: the JDK has no call for it. */
public final class DiskUsage {
    private DiskUsage() {
    }

    /** st_blocks * 512, read with stat(1). */
    public static long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).redirectErrorStream(true).start();
        String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (stat.waitFor() != 0) {
            throw new IOException("stat " + file + " failed: " + out);
        }
        return Long.parseLong(out) * 512;
    }
}
