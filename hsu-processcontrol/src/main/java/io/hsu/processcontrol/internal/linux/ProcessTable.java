package io.hsu.processcontrol.internal.linux;

import io.hsu.core.posix.PosixException;
import io.hsu.core.posix.ProcessIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One read of {@code /proc}: every process's identity, and who is whose child. Immutable once built. */
final class ProcessTable {
    private static final Path PROC = Path.of("/proc");

    private final Map<Integer, ProcessIdentity> byPid;
    private final Map<Integer, List<Integer>> children;

    private ProcessTable(Map<Integer, ProcessIdentity> byPid) {
        this.byPid = byPid;
        this.children = new HashMap<>();
        for (ProcessIdentity p : byPid.values()) {
            children.computeIfAbsent(p.parentPid(), k -> new ArrayList<>()).add(p.pid());
        }
    }

    private static final long SHARED_MAX_AGE_NANOS = 25_000_000L;
    private static final Object SHARED_LOCK = new Object();
    private static ProcessTable shared;        // guarded by SHARED_LOCK
    private static long sharedAt;              // guarded by SHARED_LOCK
    private final long scannedAt = System.nanoTime();

    /**
     * A scan at most 25 ms old, shared by callers that ask at the same moment (a fleet stopping
     * at once reads /proc once, not once per worker). Good for a first signal; anything that must
     * see processes created after the request uses {@link #scan()}.
     */
    static ProcessTable recentScan() {
        synchronized (SHARED_LOCK) {
            long now = System.nanoTime();
            if (shared == null || now - sharedAt > SHARED_MAX_AGE_NANOS) {
                shared = scan();
                sharedAt = shared.scannedAt;
            }
            return shared;
        }
    }

    /** Reads every {@code /proc/<pid>/stat}; processes that vanish meanwhile are skipped. */
    static ProcessTable scan() {
        Map<Integer, ProcessIdentity> all = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.isEmpty() || name.charAt(0) < '1' || name.charAt(0) > '9') {
                    continue;
                }
                int pid;
                try {
                    pid = Integer.parseInt(name);
                } catch (NumberFormatException e) {
                    continue;
                }
                try {
                    ProcessIdentity.read(pid).ifPresent(p -> all.put(pid, p));
                } catch (PosixException | IllegalArgumentException e) {
                    // vanished or unreadable: not part of anything we can act on
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list /proc", e);
        }
        return new ProcessTable(all);
    }

    Optional<ProcessIdentity> get(int pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    List<Integer> childrenOf(int pid) {
        return children.getOrDefault(pid, List.of());
    }

    Iterable<ProcessIdentity> all() {
        return byPid.values();
    }

    /** The pids of this process's children (every thread's), from {@code /proc/self/task/<tid>/children}. */
    static List<Integer> childrenOfSelf() {
        List<Integer> result = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String text;
                try {
                    text = Files.readString(task.resolve("children"), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    continue;   // the thread ended meanwhile
                }
                for (String token : text.trim().split(" +")) {
                    if (!token.isEmpty()) {
                        result.add(Integer.parseInt(token));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list /proc/self/task", e);
        }
        return result;
    }

    /** Whether {@code /proc/<pid>/environ} holds every one of {@code entries} ({@code KEY=VALUE}); false if unreadable. */
    static boolean environmentContains(int pid, List<String> entries) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(PROC.resolve(Integer.toString(pid)).resolve("environ"));
        } catch (IOException e) {
            return false;
        }
        String environ = "\0" + new String(bytes, StandardCharsets.UTF_8);
        for (String entry : entries) {
            if (!environ.contains("\0" + entry + "\0")) {
                return false;
            }
        }
        return true;
    }
}
