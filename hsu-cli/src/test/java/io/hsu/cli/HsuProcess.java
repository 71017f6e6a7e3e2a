package io.hsu.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code hsu} (target/hsu.jar) as a child JVM, its output in files. Every process it
 * starts inherits a marker variable, so {@link #killEverything} finds them all, even after the
 * master was killed and its workers were left running.
 */
final class HsuProcess {
    static final String MARKER_VARIABLE = "HSU_IT_MARKER";

    final Process process;
    final Path stdout;
    final Path stderr;
    final String marker;

    private HsuProcess(Process process, Path stdout, Path stderr, String marker) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.marker = marker;
    }

    static HsuProcess start(Path dir, String marker, String... args) throws IOException {
        return start(dir, marker, null, args);
    }

    /** Like {@link #start(Path, String, String...)} with stdout going to {@code stdoutTo} (a FIFO the caller reads), if not null. */
    static HsuProcess start(Path dir, String marker, Path stdoutTo, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar",
                Path.of("target", "hsu.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        String name = UUID.randomUUID().toString().substring(0, 8);
        Path out = stdoutTo != null ? stdoutTo : dir.resolve("hsu-" + name + ".out");
        Path err = dir.resolve("hsu-" + name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put(MARKER_VARIABLE, marker);
        env.remove("XDG_RUNTIME_DIR");
        return new HsuProcess(builder.start(), out, err, marker);
    }

    static String newMarker() {
        return UUID.randomUUID().toString();
    }

    String out() {
        return read(stdout);
    }

    String err() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The pid in the last line {@code ID ... -> running (pid N)} of the worker, or -1. */
    long runningPid(String worker) {
        Matcher m = Pattern.compile(" " + Pattern.quote(worker) + " \\S+ -> running \\(pid (\\d+)(, adopted)?\\)").matcher(err());
        long pid = -1;
        while (m.find()) {
            pid = Long.parseLong(m.group(1));
        }
        return pid;
    }

    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("hsu did not exit within " + seconds + "s; stderr:\n" + err());
        }
        return process.exitValue();
    }

    /** Pids of live processes carrying {@code marker} in their environment (the hsu JVMs and every worker). */
    static List<Long> processesWith(String marker) {
        List<Long> result = new ArrayList<>();
        String needle = MARKER_VARIABLE + "=" + marker;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path entry : entries) {
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                        continue;
                    }
                    byte[] environ = Files.readAllBytes(entry.resolve("environ"));
                    if (new String(environ, StandardCharsets.UTF_8).contains(needle)) {
                        result.add(Long.parseLong(entry.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone, or not readable
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return result;
    }

    /** One line per marked process: pid, parent, state and command line, for failure messages. */
    static String describe(String marker) {
        StringBuilder out = new StringBuilder();
        for (long pid : processesWith(marker)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String cmd = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ');
                out.append(pid).append(": ").append(stat, 0, Math.min(stat.length(), 60)).append(" | ").append(cmd).append('\n');
            } catch (IOException e) {
                out.append(pid).append(": gone\n");
            }
        }
        return out.toString();
    }

    /** SIGKILL to every process with the marker, and waits until none is left. */
    static void killEverything(String marker) throws InterruptedException {
        for (int round = 0; round < 50; round++) {
            List<Long> pids = processesWith(marker);
            if (pids.isEmpty()) {
                return;
            }
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(100); // cleanup only, not a wait for the code under test
        }
    }
}
