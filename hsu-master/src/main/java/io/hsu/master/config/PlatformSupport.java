package io.hsu.master.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What this host can enforce, for the "a limit policy the platform cannot honour" check. */
final class PlatformSupport {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private PlatformSupport() {
    }

    static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /**
     * Whether a writable cgroup hierarchy has the controller: cgroup v2 ({@code cgroup.controllers}
     * lists it) or v1 (a mounted, writable {@code /sys/fs/cgroup/<controller>}); {@code io} is
     * {@code blkio} on v1.
     */
    static boolean hasCgroupController(String controller) {
        if (!isLinux()) {
            return false;
        }
        try {
            Path v2 = CGROUP_ROOT.resolve("cgroup.controllers");
            if (Files.isReadable(v2)) {
                return Files.isWritable(CGROUP_ROOT)
                        && (" " + Files.readString(v2).strip() + " ").contains(" " + controller + " ");
            }
            Path v1 = CGROUP_ROOT.resolve("io".equals(controller) ? "blkio" : controller);
            return Files.isDirectory(v1) && Files.isWritable(v1);
        } catch (java.io.IOException | SecurityException e) {
            return false;
        }
    }
}
