package io.hsu.health;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.internal.Threads;
import io.hsu.health.internal.ProbeExecutors;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Load harness, not run by CI: N health checkers, each with one tcp liveness probe to a local
 * listener on a 1 s period (first checks spread over the period), on the shared scheduler. Prints
 * the CPU used by the probes (the process's CPU minus the listener's accept thread) as a percentage
 * of one core, and the live platform thread count, next to {@link ConnectBaseline}'s floor measured
 * in the same JVM just before: the cheapest Java loops opening and resetting connections at the
 * probes' rate. See BENCHMARK.md for the command.
 *
 * <p>Arguments: {@code [probes=1000] [seconds=30] [periodMillis=1000] [check=tcp|noop] [warmUpSeconds=20]};
 * {@code noop} runs a probe that answers healthy at once, on the same runner and check executor, to
 * show the runner's own cost without any socket. The warm-up lets the JIT finish with the probe path
 * (it is still compiling 10 s after the probes start), so the figure is the steady cost.
 */
final class ProbeLoadHarness {
    private ProbeLoadHarness() {}

    public static void main(String[] args) throws Exception {
        int probes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Duration period = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 1000);
        boolean noop = args.length > 3 && args[3].equals("noop");
        int warmUpSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        int rate = (int) (probes * 1000L / period.toMillis());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        System.out.printf(Locale.ROOT, "java %s, virtual threads: %s, %s%n", System.getProperty("java.version"),
                Threads.virtualThreadsAvailable(), ConnectBaseline.loadAverage());
        try (ServerSocket listener = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            Thread acceptor = ConnectBaseline.startAcceptor(listener);
            ConnectBaseline baseline = new ConnectBaseline(acceptor, listener.getLocalPort());
            System.out.println("baseline " + baseline.idle(5));
            System.out.println("baseline " + baseline.blocking(rate, 10));
            ConnectBaseline.Figure floor = baseline.selector(rate, 10, true);
            System.out.println("baseline " + floor + ", " + baseline.pendingConnects + " by the selector");
            int threadsBefore = threads.getThreadCount();

            List<HealthChecker> checkers = new ArrayList<>();
            for (int i = 0; i < probes; i++) {
                ProbeConfig liveness = ProbeConfig.builder(TcpCheckConfig.of("127.0.0.1", listener.getLocalPort()))
                        .period(period).timeout(Duration.ofSeconds(1))
                        .initialDelay(period.multipliedBy(i).dividedBy(probes))
                        .build();
                HealthConfig config = HealthConfig.builder().liveness(liveness).build();
                HealthChecker c = noop
                        ? HealthChecker.create(WorkerId.of("w" + i), config, Scheduler.system(), ProbeTarget.NONE,
                                ProbeExecutors.checks(), Runnable::run, (check, target) -> new NoopProbe())
                        : HealthChecker.create(WorkerId.of("w" + i), config, Scheduler.system(), ProbeTarget.NONE);
                c.start();
                checkers.add(c);
            }
            Thread.sleep(warmUpSeconds * 1000L);   // JIT, pools

            com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) threads;
            long allocatedBefore = hsuThreadsAllocatedBytes(allocations);

            java.util.Map<String, Long> threadCpuBefore = cpuByThreadGroup(threads);
            long checksBefore = totalChecks(checkers);
            long cpuBefore = baseline.processCpuNanos();
            long wallBefore = System.nanoTime();
            int peakThreads = 0;
            for (int s = 0; s < seconds; s++) {
                Thread.sleep(1_000);
                peakThreads = Math.max(peakThreads, threads.getThreadCount());
            }
            long wall = System.nanoTime() - wallBefore;
            long cpu = baseline.processCpuNanos() - cpuBefore;
            long checks = totalChecks(checkers) - checksBefore;
            long allocated = hsuThreadsAllocatedBytes(allocations) - allocatedBefore;
            long healthy = checkers.stream().filter(c -> c.snapshot().liveness() == HealthStatus.HEALTHY).count();
            double perSecond = checks * 1e9 / wall;
            double percent = cpu * 100.0 / wall;

            System.out.printf(Locale.ROOT, "probes: %d %s, period: %dms, warm-up: %ds, measured: %ds, checks: %d (%.0f/s), healthy: %d%n",
                    probes, noop ? "noop" : "tcp", period.toMillis(), warmUpSeconds, seconds, checks, perSecond, healthy);
            System.out.printf(Locale.ROOT, "cpu: %.2f%% of one core (process cpu %.2fs over %.2fs wall, listener excluded)%n",
                    percent, cpu / 1e9, wall / 1e9);
            if (noop) {
                System.out.printf(Locale.ROOT, "runner without a socket: %.1fus of cpu per check%n", cpu / 1e3 / checks);
            } else {
                System.out.printf(Locale.ROOT, "over the nonblock floor: %+.2f%% of one core, %.1fus per check%n",
                        percent - floor.processPercent(), (cpu - floor.processCpuNanos() * (double) wall / floor.wallNanos()) / 1e3 / checks);
            }
            System.out.printf(Locale.ROOT, "heap allocated by HSU's threads: %.0f bytes per check%n",
                    allocated / (double) checks);
            System.out.printf(Locale.ROOT, "platform threads: %d before the probes, %d peak while probing%n",
                    threadsBefore, peakThreads);
            java.util.Map<String, Long> threadCpu = cpuByThreadGroup(threads);
            threadCpuBefore.forEach((name, before) -> threadCpu.merge(name, -before, Long::sum));
            long listed = threadCpu.entrySet().stream().filter(e -> !e.getKey().equals("harness-acceptor"))
                    .mapToLong(java.util.Map.Entry::getValue).sum();
            StringBuilder byThread = new StringBuilder("cpu by thread (% of one core):");
            threadCpu.entrySet().stream().filter(e -> e.getValue() * 10_000L / wall > 0)
                    .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> byThread.append(String.format(Locale.ROOT, " %s %.2f,", e.getKey(), e.getValue() * 100.0 / wall)));
            byThread.append(String.format(Locale.ROOT, " not Java threads (GC, JIT) %.2f", (cpu - listed) * 100.0 / wall));
            System.out.println(byThread);
            System.out.println(ConnectBaseline.loadAverage());
            checkers.stream().filter(c -> c.snapshot().liveness() != HealthStatus.HEALTHY).limit(3)
                    .forEach(c -> System.out.println("not healthy: " + c.workerId() + " " + c.snapshot().liveness().displayName()
                            + ": " + c.snapshot().lastMessage()));
            checkers.forEach(HealthChecker::close);
        }
    }

    /** CPU nanos of the live Java threads, summed by name without its numeric suffix. */
    private static java.util.Map<String, Long> cpuByThreadGroup(ThreadMXBean threads) {
        java.util.Map<String, Long> byName = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    byName.merge(info.getThreadName().replaceAll("[-#]?\\d+$", ""), cpu, Long::sum);
                }
            }
        }
        return byName;
    }

    /** Bytes allocated so far by the live threads named {@code hsu-...} (the scheduler, the connector). */
    private static long hsuThreadsAllocatedBytes(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("hsu-")) {
                sum += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
            }
        }
        return sum;
    }

    private static long totalChecks(List<HealthChecker> checkers) {
        long n = 0;
        for (HealthChecker c : checkers) {
            ProbeSnapshot p = c.snapshot().probes().get(ProbeRole.LIVENESS);
            n += p == null ? 0 : p.checks();
        }
        return n;
    }

    /** Healthy at once: the runner's cost without a socket. */
    private static final class NoopProbe implements Probe {
        @Override
        public ProbeResult check(Duration timeout) {
            return ProbeResult.healthy("noop: ok");
        }

        @Override
        public String describe() {
            return "noop";
        }
    }
}
