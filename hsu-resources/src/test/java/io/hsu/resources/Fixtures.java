package io.hsu.resources;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Real processes for the ITs, every one killed (with its descendants) on close, and the cgroup
 * parents the tests made, removed on close.
 */
final class Fixtures implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    private static final AtomicLong COUNTER = new AtomicLong();

    private final List<Process> processes = new ArrayList<>();
    private final List<PreparedEnforcement> enforcements = new ArrayList<>();
    private final List<Path> cgroupParents = new ArrayList<>();

    /** A cgroup parent name nobody else uses: {@code hsu-it-<pid>-<n>}. */
    static String uniqueParent() {
        return "hsu-it-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    /**
     * The cgroups this JVM's tests made that are still there: directories named {@code hsu-it-<pid>-*}
     * anywhere in the first levels of every hierarchy under {@code /sys/fs/cgroup}.
     */
    static List<Path> leftoverCgroups() {
        String prefix = "hsu-it-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> dirs = Files.find(Path.of("/sys/fs/cgroup"), 4,
                (p, a) -> a.isDirectory() && p.getFileName() != null && p.getFileName().toString().startsWith(prefix))) {
            return dirs.toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot look for leftover cgroups: " + e, e);
        }
    }

    static List<String> python(String code, String... args) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", code));
        cmd.addAll(List.of(args));
        return cmd;
    }

    Process start(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prepares enforcement and remembers it and its cgroup parents for cleanup. */
    PreparedEnforcement prepare(String worker, ResourceLimits limits, EnforcementConfig config) {
        PreparedEnforcement p = Enforcement.prepare(io.hsu.core.WorkerId.of(worker), limits, config);
        enforcements.add(p);
        for (Path dir : p.cgroupDirectories()) {
            if (!cgroupParents.contains(dir.getParent())) {
                cgroupParents.add(dir.getParent());
            }
        }
        return p;
    }

    static String readLine(Process p) {
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8), 1);
            String line = r.readLine();
            if (line == null) {
                throw new IllegalStateException("process " + p.pid() + " closed its output");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void send(Process p, String line) {
        try {
            Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            w.write(line + "\n");
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Path> cgroupParents() {
        return cgroupParents;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !p.isAlive());
        }
        for (PreparedEnforcement e : enforcements) {
            e.close();
        }
        for (Path parent : cgroupParents) {
            try {
                Files.deleteIfExists(parent);
            } catch (IOException e) {
                throw new UncheckedIOException("cgroup parent left behind: " + parent, e);
            }
        }
    }
}
