package io.hsu.health;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.internal.Threads;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Load harness, not run by CI: N health checkers, each with one tcp liveness probe to a local
 * listener on a 1 s period (first checks spread over the period), on the shared scheduler. Prints
 * the CPU used by the probes (the process's CPU minus the listener's accept thread) as a percentage
 * of one core, and the live platform thread count. See BENCHMARK.md for the command.
 *
 * <p>Arguments: {@code [probes=1000] [seconds=30] [periodMillis=1000]}.
 */
final class ProbeLoadHarness {
    private ProbeLoadHarness() {}

    public static void main(String[] args) throws Exception {
        int probes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Duration period = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 1000);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        try (ServerSocket listener = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    Socket s;
                    try {
                        s = listener.accept();
                    } catch (java.io.IOException e) {
                        return;
                    }
                    try (s) {
                        s.getInputStream().read();   // until the probe's close (a reset)
                    } catch (java.io.IOException e) {
                        // expected: connection reset
                    }
                }
            }, "harness-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            int threadsBefore = threads.getThreadCount();

            List<HealthChecker> checkers = new ArrayList<>();
            for (int i = 0; i < probes; i++) {
                ProbeConfig liveness = ProbeConfig.builder(TcpCheckConfig.of("127.0.0.1", listener.getLocalPort()))
                        .period(period).timeout(Duration.ofSeconds(1))
                        .initialDelay(period.multipliedBy(i).dividedBy(probes))
                        .build();
                HealthChecker c = HealthChecker.create(WorkerId.of("w" + i), HealthConfig.builder().liveness(liveness).build(),
                        Scheduler.system(), ProbeTarget.NONE);
                c.start();
                checkers.add(c);
            }
            Thread.sleep(5_000);   // warm-up: JIT, pools

            long checksBefore = totalChecks(checkers);
            long cpuBefore = os.getProcessCpuTime() - threads.getThreadCpuTime(acceptor.getId());
            long wallBefore = System.nanoTime();
            int peakThreads = 0;
            for (int s = 0; s < seconds; s++) {
                Thread.sleep(1_000);
                peakThreads = Math.max(peakThreads, threads.getThreadCount());
            }
            long wall = System.nanoTime() - wallBefore;
            long cpu = os.getProcessCpuTime() - threads.getThreadCpuTime(acceptor.getId()) - cpuBefore;
            long checks = totalChecks(checkers) - checksBefore;
            long healthy = checkers.stream().filter(c -> c.snapshot().liveness() == HealthStatus.HEALTHY).count();

            System.out.printf(Locale.ROOT, "java %s, virtual threads: %s%n", System.getProperty("java.version"),
                    Threads.virtualThreadsAvailable());
            System.out.printf(Locale.ROOT, "probes: %d, period: %dms, measured: %ds, checks: %d (%.0f/s), healthy: %d%n",
                    probes, period.toMillis(), seconds, checks, checks * 1e9 / wall, healthy);
            System.out.printf(Locale.ROOT, "cpu: %.2f%% of one core (process cpu %.2fs over %.2fs wall, listener excluded)%n",
                    cpu * 100.0 / wall, cpu / 1e9, wall / 1e9);
            System.out.printf(Locale.ROOT, "platform threads: %d before the probes, %d peak while probing%n",
                    threadsBefore, peakThreads);
            checkers.stream().filter(c -> c.snapshot().liveness() != HealthStatus.HEALTHY).limit(3)
                    .forEach(c -> System.out.println("not healthy: " + c.workerId() + " " + c.snapshot().liveness().displayName()
                            + ": " + c.snapshot().lastMessage()));
            checkers.forEach(HealthChecker::close);
        }
    }

    private static long totalChecks(List<HealthChecker> checkers) {
        long n = 0;
        for (HealthChecker c : checkers) {
            ProbeSnapshot p = c.snapshot().probes().get(ProbeRole.LIVENESS);
            n += p == null ? 0 : p.checks();
        }
        return n;
    }
}
