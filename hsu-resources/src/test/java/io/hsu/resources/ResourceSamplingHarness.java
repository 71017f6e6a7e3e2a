package io.hsu.resources;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Cost per sample of the /proc sampler against OSHI, for one process and a 50-process tree. A plain
 * main until it moves to hsu-benchmarks as a JMH benchmark; see BENCHMARK.md for how to run it.
 */
final class ResourceSamplingHarness {
    private ResourceSamplingHarness() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        Process single = new ProcessBuilder("/bin/sleep", "600").start();
        Process tree = new ProcessBuilder("/bin/sh", "-c", "for i in $(seq 49); do sleep 600 & done; echo ready; wait").start();
        try {
            tree.getInputStream().read();   // the first byte of "ready": all 49 children forked
            UsageSampler proc = UsageSampler.forCurrentPlatform();
            UsageSampler oshi = UsageSampler.oshi();
            int treeSize = proc.pids(SampleTarget.tree(tree.pid())).length;
            System.out.printf(Locale.ROOT, "JDK %s, %d processes in the tree, %d iterations%n",
                    Runtime.version(), treeSize, iterations);
            List<String> rows = new ArrayList<>();
            SampleTarget leader = SampleTarget.leader(single.pid());
            SampleTarget big = SampleTarget.tree(tree.pid());
            rows.add(measure("/proc leader, 1 process", proc, leader.withSwap(false), 1, iterations));
            rows.add(measure("/proc leader, 1 process, with swap", proc, leader, 1, iterations));
            rows.add(measure("/proc tree, 1 process", proc, SampleTarget.tree(single.pid()).withSwap(false), 1, iterations));
            rows.add(measure("/proc tree, " + treeSize + " processes", proc, big.withSwap(false), treeSize, iterations / 10));
            rows.add(measure("/proc tree, " + treeSize + " processes, with swap", proc, big, treeSize, iterations / 10));
            rows.add(measure("OSHI leader, 1 process", oshi, SampleTarget.leader(single.pid()), 1, iterations / 5));
            rows.add(measure("OSHI tree, " + treeSize + " processes", oshi, SampleTarget.tree(tree.pid()), treeSize, iterations / 50));
            System.out.println("| sampler | us/sample | us/process |");
            System.out.println("|---|---:|---:|");
            rows.forEach(System.out::println);
        } finally {
            tree.descendants().forEach(ProcessHandle::destroyForcibly);
            tree.destroyForcibly();
            single.destroyForcibly();
            tree.waitFor(10, TimeUnit.SECONDS);
            single.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String measure(String name, UsageSampler sampler, SampleTarget target, int processes, int iterations) {
        long sink = 0;
        for (int i = 0; i < Math.max(200, iterations / 2); i++) {   // warm-up
            sink += sampler.sample(target).rssBytes();
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                sink += sampler.sample(target).rssBytes();
            }
            best = Math.min(best, (System.nanoTime() - start) / iterations);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f |", name, best / 1000.0, best / 1000.0 / processes);
    }
}
