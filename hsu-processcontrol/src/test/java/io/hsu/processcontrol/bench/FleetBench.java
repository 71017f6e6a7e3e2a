package io.hsu.processcontrol.bench;

import io.hsu.core.WorkerId;
import io.hsu.processcontrol.ExecutionConfig;
import io.hsu.processcontrol.ProcessConfig;
import io.hsu.processcontrol.ProcessControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fleet: start N {@code sleep} workers, then report supervisor PSS, threads and idle CPU over a
 * period, then stop them all gracefully. Not run by CI.
 * {@code java -XX:+UseSerialGC -Xmx64m -cp ... io.hsu.processcontrol.bench.FleetBench [n=500] [idleSeconds=30]}
 */
public final class FleetBench {
    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path state = Files.createTempDirectory("hsu-fleet");
        List<ProcessControl> workers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            workers.add(ProcessControl.builder(ProcessConfig.builder(WorkerId.of("sleep-" + i)).stateDirectory(state)
                    .execution(ExecutionConfig.of(Path.of("/bin/sleep"), "100000"))
                    .gracefulTimeout(Duration.ofSeconds(10)).build()).build());
        }
        // warm the launch path once (class loading, JNA binding) so the figure is the fleet, not the JVM
        ProcessControl warm = ProcessControl.builder(ProcessConfig.builder(WorkerId.of("warm")).stateDirectory(state)
                .execution(ExecutionConfig.of(Path.of("/bin/true"))).build()).build();
        warm.start().join();
        warm.close();

        long t0 = System.nanoTime();
        List<CompletableFuture<?>> starts = new ArrayList<>();
        for (ProcessControl w : workers) {
            starts.add(w.start());
        }
        CompletableFuture.allOf(starts.toArray(new CompletableFuture<?>[0])).join();
        long startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("fleet start of %d sleep workers: %d ms (until every one is running, pid known)%n", n, startMillis);

        System.gc();
        Thread.sleep(2_000);   // harness only: let start-up work settle before the idle measurement
        long cpu0 = cpuTicks();
        long wall0 = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        long cpuTicks = cpuTicks() - cpu0;
        double wallSeconds = (System.nanoTime() - wall0) / 1e9;
        double percent = 100.0 * cpuTicks / 100.0 / wallSeconds;
        System.out.printf("idle over %.0f s with %d workers: %d CPU ticks = %.3f %% of a core%n", wallSeconds, n, cpuTicks,
                percent);
        System.out.printf("supervisor: PSS %s, RSS %s, threads %s%n", field("/proc/self/smaps_rollup", "Pss:"),
                field("/proc/self/status", "VmRSS:"), field("/proc/self/status", "Threads:"));

        long t1 = System.nanoTime();
        List<CompletableFuture<?>> stops = new ArrayList<>();
        for (ProcessControl w : workers) {
            stops.add(w.stop());
        }
        CompletableFuture.allOf(stops.toArray(new CompletableFuture<?>[0])).join();
        System.out.printf("graceful stop of %d workers (SIGTERM, tree gone): %d ms%n", n, (System.nanoTime() - t1) / 1_000_000);
        for (ProcessControl w : workers) {
            w.close();
        }
    }

    private static long cpuTicks() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);   // utime + stime (fields 14, 15)
    }

    private static String field(String file, String name) throws Exception {
        for (String line : Files.readAllLines(Path.of(file))) {
            if (line.startsWith(name)) {
                return line.substring(name.length()).strip();
            }
        }
        return "?";
    }
}
