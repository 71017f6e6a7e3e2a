package io.hsu.processcontrol.bench;

import io.hsu.core.WorkerId;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.Signal;
import io.hsu.processcontrol.ExecutionConfig;
import io.hsu.processcontrol.ProcessConfig;
import io.hsu.processcontrol.ProcessControl;
import io.hsu.processcontrol.ProcessEvent;
import io.hsu.processcontrol.RestartConfig;
import io.hsu.processcontrol.RestartMode;
import io.hsu.processcontrol.RetryBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Restart latency: SIGKILL the worker, measure until the new pid is running (zero delay configured).
 * Not run by CI. {@code java -cp ... io.hsu.processcontrol.bench.RestartLatencyBench [crashes=50]}
 */
public final class RestartLatencyBench {
    private RestartLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int crashes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path state = Files.createTempDirectory("hsu-bench");
        RestartConfig restart = RestartConfig.builder().mode(RestartMode.ALWAYS)
                .processExits(RetryBudget.of(1_000_000, Duration.ZERO, 1.0)).jitter(0).build();
        ProcessConfig config = ProcessConfig.builder(WorkerId.of("crash")).stateDirectory(state)
                .execution(ExecutionConfig.of(Path.of("/bin/sleep"), "1000")).restart(restart).build();
        SynchronousQueue<Long> started = new SynchronousQueue<>();
        try (ProcessControl worker = ProcessControl.builder(config).build()) {
            worker.events().on(ProcessEvent.Started.class, e -> {
                long now = System.nanoTime();
                try {
                    started.put(now);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            long[] marks = new long[4];
            worker.events().on(ProcessEvent.Exited.class, e -> marks[0] = System.nanoTime());
            worker.lifecycle().subscribe(e -> {
                if (e.state() == io.hsu.statemachine.WorkerState.RESTARTING) {
                    marks[1] = System.nanoTime();
                } else if (e.state() == io.hsu.statemachine.WorkerState.STARTING) {
                    marks[2] = System.nanoTime();
                }
            });
            List<long[]> stages = new ArrayList<>();
            worker.start();
            started.take();
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < crashes + 5; i++) {
                long pid = worker.snapshot().pid().orElseThrow();
                long before = System.nanoTime();
                Posix.get().kill((int) pid, Signal.KILL);
                Long after = started.poll(10, TimeUnit.SECONDS);
                if (after == null) {
                    throw new IllegalStateException("no restart within 10s");
                }
                if (i >= 5) {   // warm-up
                    micros.add((after - before) / 1_000);
                    stages.add(new long[] {marks[0] - before, marks[1] - marks[0], marks[2] - marks[1], after - marks[2]});
                }
                while (worker.snapshot().pid().orElse(pid) == pid) {
                    Thread.onSpinWait();
                }
            }
            Collections.sort(micros);
            System.out.printf("restart latency over %d crashes: median %.2f ms, p95 %.2f ms, min %.2f ms, max %.2f ms%n",
                    micros.size(), micros.get(micros.size() / 2) / 1000.0,
                    micros.get((int) Math.ceil(micros.size() * 0.95) - 1) / 1000.0, micros.get(0) / 1000.0,
                    micros.get(micros.size() - 1) / 1000.0);
            for (int k = 0; k < 4; k++) {
                final int idx = k;
                List<Long> st = new ArrayList<>();
                stages.forEach(a -> st.add(a[idx] / 1000));
                Collections.sort(st);
                System.out.printf("  stage %s: median %.2f ms%n", new String[] {"exit detected", "policy decided",
                        "cleanup done, starting", "spawned, running"}[k], st.get(st.size() / 2) / 1000.0);
            }
            worker.stop().join();
        }
    }
}
