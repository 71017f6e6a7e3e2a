package io.hsu.master.internal;

import io.hsu.core.posix.ProcessIdentity;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code /proc}: who is in a process group, who is a zombie child of ours. */
final class ProcessTree {
    private static final Path PROC = Path.of("/proc");

    private ProcessTree() {
    }

    /** Every process of /proc, skipping those that vanish while we read. */
    static List<ProcessIdentity> all() {
        List<ProcessIdentity> result = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, p -> isNumeric(p.getFileName().toString()))) {
            for (Path entry : entries) {
                try {
                    Optional<ProcessIdentity> identity = ProcessIdentity.read(Integer.parseInt(entry.getFileName().toString()));
                    identity.ifPresent(result::add);
                } catch (RuntimeException e) {
                    // gone or unreadable: not ours to judge
                }
            }
        } catch (IOException e) {
            return result;
        }
        return result;
    }

    /** Whether a live (not zombie) process is left in the group {@code pgid}. */
    static boolean groupAlive(int pgid) {
        for (ProcessIdentity p : all()) {
            if (p.processGroup() == pgid && !p.isZombie()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumeric(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
