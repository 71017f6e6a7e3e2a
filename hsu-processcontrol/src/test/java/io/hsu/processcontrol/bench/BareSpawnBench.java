package io.hsu.processcontrol.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The floor to compare the fleet start with: a bare loop of {@code ProcessBuilder.start()} of N
 * {@code sleep} children, no supervision at all. Not run by CI.
 * {@code java -cp ... io.hsu.processcontrol.bench.BareSpawnBench [n=500]}
 */
public final class BareSpawnBench {
    private BareSpawnBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        new ProcessBuilder("/bin/true").start().waitFor();   // warm-up
        List<Process> children = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            children.add(new ProcessBuilder("/bin/sleep", "100000").start());
        }
        System.out.printf("bare ProcessBuilder loop of %d sleep children: %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
        for (Process p : children) {
            p.destroyForcibly();
        }
        for (Process p : children) {
            p.waitFor();
        }
    }
}
