package io.hsu.logs;

import io.hsu.core.WorkerId;
import io.hsu.core.posix.Posix;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Process-level capture benchmark: one writer (the {@link LineWriter} fixture, a JVM writing
 * 100-byte lines through a 64 KiB buffer) emits N lines, either straight to a file or through a
 * FIFO captured by HSU into rotating files. Reports the writer's throughput (from its start to its
 * exit), the end-to-end time until every line is on disk, lines lost, and the supervisor's CPU
 * seconds per GB (this JVM's utime+stime from /proc/self/stat, so it includes GC and JIT).
 *
 * <pre>{@code
 * java -cp hsu-logs/target/test-classes:hsu-logs/target/classes:$(cat cp.txt) io.hsu.logs.CaptureBenchmark [MB] [runs] [modes]
 * }</pre>
 *
 * With {@code -Dbench.runs=true} each run is printed too; with {@code -Dbench.threads=true} also the
 * CPU ticks of each thread (user and system, digits in thread names dropped so pools add up), read
 * from /proc inside the measured window, which adds to the figure. With {@code -Dbench.warmup=N}
 * each mode first makes N runs that are printed but not counted: the JIT compiles the capture path
 * in a master's first seconds of heavy output (C2 alone spends 0.2-0.4 CPU s on it, once per
 * process), which a 200 MB run otherwise counts as a cost per GB. With
 * {@code -Dbench.sharedPipeline=true} every run of a mode goes through one pipeline, the same worker
 * attached again to a new FIFO each run (a master restarting its worker), rotating 50 MB x 10; by
 * default each run starts and closes a pipeline of its own (files kept: 100).
 */
final class CaptureBenchmark {
    private static final int LINE = 100;

    private CaptureBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long lines = megabytes * 1_000_000L / LINE;
        Path dir = Files.createTempDirectory("hsu-bench");
        System.out.printf(Locale.ROOT, "JDK %s, %d CPUs, %d MB of %d-byte lines, best of %d runs%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), megabytes, LINE, runs);
        System.out.println("| mode | writer MB/s | end-to-end MB/s | supervisor CPU s/GB | lines lost |");
        System.out.println("|---|---|---|---|---|");
        String modes = args.length > 2 ? args[2] : "DIRECT,PLAIN,PLAIN_GZIP,JSON";
        try {
            for (String m : modes.split(",")) {
                Mode mode = Mode.valueOf(m);
                report(mode.title, dir, lines, runs, mode);
            }
        } finally {
            SHARED.values().forEach(LogPipeline::close);
            clean(dir);
        }
    }

    enum Mode {
        DIRECT("writer straight to a file"),
        PLAIN("HSU capture, plain, rotating files (no gzip)"),
        PLAIN_GZIP("HSU capture, plain, rotating files + gzip of rotated files"),
        JSON("HSU capture, JSON lines parsed, structured_json files");

        final String title;

        Mode(String title) {
            this.title = title;
        }
    }

    record Result(double writerMbps, double endToEndMbps, double cpuPerGb, long lost) {
    }

    private static void report(String name, Path dir, long lines, int runs, Mode mode) throws Exception {
        int warmUp = Integer.getInteger("bench.warmup", 0);
        for (int i = 0; i < warmUp; i++) {
            Path runDir = Files.createDirectories(dir.resolve(mode + "-warmup-" + i));
            Result r = run(runDir, lines, mode);
            clean(runDir);
            System.err.printf(Locale.ROOT, "  warm-up %d (not counted): writer %.0f MB/s, %.2f CPU s/GB, %d lost%n",
                    i + 1, r.writerMbps(), r.cpuPerGb(), r.lost());
        }
        Result best = null;
        for (int i = 0; i < runs; i++) {
            Path runDir = Files.createDirectories(dir.resolve(mode + "-" + i));
            Result r = run(runDir, lines, mode);
            clean(runDir);
            if (Boolean.getBoolean("bench.threads") || Boolean.getBoolean("bench.runs")) {
                System.err.printf(Locale.ROOT, "  run %d: writer %.0f MB/s, end-to-end %.0f MB/s, %.2f CPU s/GB, %d lost%n",
                        i + 1, r.writerMbps(), r.endToEndMbps(), r.cpuPerGb(), r.lost());
            }
            if (best == null || r.writerMbps() > best.writerMbps()) {
                best = r;
            }
        }
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %s | %d |%n", name, best.writerMbps(), best.endToEndMbps(),
                mode == Mode.DIRECT ? "-" : String.format(Locale.ROOT, "%.2f", best.cpuPerGb()), best.lost());
    }

    private static Result run(Path dir, long lines, Mode mode) throws Exception {
        double megabytes = lines * LINE / 1e6;
        List<String> cmd = TestFiles.javaFixture(LineWriter.class, Long.toString(lines), Integer.toString(LINE),
                mode == Mode.JSON ? "json" : "plain");
        if (mode == Mode.DIRECT) {
            Path out = dir.resolve("direct.log");
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).start();
            p.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            long lost = lines - Files.size(out) / LINE;
            return new Result(megabytes / seconds, megabytes / seconds, 0, lost);
        }
        boolean shared = Boolean.getBoolean("bench.sharedPipeline");
        Path fifo = dir.resolve("fifo");
        Posix.get().mkfifo(fifo, 0600);
        WorkerId worker = WorkerId.of("bench");
        long written;
        double writerSeconds;
        double endSeconds;
        double cpuSeconds;
        LogPipeline logs = shared
                ? SHARED.computeIfAbsent(mode, m -> LogPipeline.start(config(dir.resolveSibling(m + "-shared"), m, 10)))
                : LogPipeline.start(config(dir, mode, 100));
        long writtenBefore = shared && !logs.outputStats().isEmpty() ? logs.outputStats().get(0).linesWritten() : 0;
        Map<String, Long> threadsBefore = Map.of();
        try {
            OutputAttachment attachment = logs.attach(worker, LogStream.STDOUT, fifo);
            System.gc();
            boolean byThread = Boolean.getBoolean("bench.threads");
            threadsBefore = byThread ? threadTicks() : Map.of();
            double cpuBefore = processCpuSeconds();
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectOutput(fifo.toFile()).start();
            attachment.processStarted(p.pid());
            p.waitFor(600, TimeUnit.SECONDS);
            writerSeconds = (System.nanoTime() - start) / 1e9;
            attachment.close();
            logs.awaitWritten(Duration.ofMinutes(5));
            endSeconds = (System.nanoTime() - start) / 1e9;
            // Before close, where the reader and writer threads end; it costs this JVM some CPU (and
            // JIT) inside the measured window, so the headline runs go without it.
            Map<String, Long> threadsAfter = byThread ? threadTicks() : Map.of();
            if (!shared) {
                logs.close();   // waits for gzip, so its CPU is counted in that mode
            }
            cpuSeconds = processCpuSeconds() - cpuBefore;
            written = logs.outputStats().get(0).linesWritten() - writtenBefore;
            if (byThread) {
                printThreadTicks(mode, threadsBefore, threadsAfter);
            }
        } finally {
            if (!shared) {
                logs.close();
            }
        }
        return new Result(megabytes / writerSeconds, megabytes / endSeconds, cpuSeconds / (megabytes / 1000), lines - written);
    }

    /** With {@code -Dbench.sharedPipeline=true}: one pipeline per mode for every run, as a master keeps one. */
    private static final Map<Mode, LogPipeline> SHARED = new java.util.EnumMap<>(Mode.class);

    private static LogCollectionConfig config(Path dir, Mode mode, int maxFiles) {
        OutputConfig file = OutputConfig.builder(OutputType.FILE).path("{worker_id}-{stream}.log")
                .format(mode == Mode.JSON ? LogFormat.STRUCTURED_JSON : LogFormat.PLAIN)
                .rotation(new RotationConfig(50_000_000, maxFiles, Duration.ZERO, mode == Mode.PLAIN_GZIP)).build();
        return LogCollectionConfig.builder().workerDirectory(dir)
                .defaultWorker(WorkerLogConfig.builder().parseStructured(mode == Mode.JSON).tailBytes(1_000_000)
                        .stdoutOutputs(List.of(file)).build()).build();
    }

    /** This process's user + system CPU seconds from /proc/self/stat (fields 14 and 15, in clock ticks). */
    static double processCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks / (double) Posix.get().clockTicksPerSecond();
    }

    /** User and system clock ticks per thread name (digits dropped, so pools add up), from /proc/self/task. */
    static Map<String, Long> threadTicks() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue;   // the thread ended
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.merge(name + " user", Long.parseLong(f[11]), Long::sum);
                out.merge(name + " sys", Long.parseLong(f[12]), Long::sum);
            }
        }
        return out;
    }

    private static void printThreadTicks(Mode mode, Map<String, Long> before, Map<String, Long> after) {
        StringBuilder line = new StringBuilder("  CPU ticks by thread (" + mode + "):");
        after.forEach((name, ticks) -> {
            long d = ticks - before.getOrDefault(name, 0L);
            if (d > 0) {
                line.append(' ').append(name).append('=').append(d);
            }
        });
        System.err.println(line);
    }

    static double threadCpuSeconds() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    }

    private static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(all::add);
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
