package io.hsu.master.internal;

import io.hsu.core.Scheduler;
import io.hsu.master.config.Probe;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Runs one probe periodically and reports verdict changes after its thresholds (kubelet style:
 * {@code success_threshold} passes in a row make it pass, {@code failure_threshold} failures in a
 * row make it fail). The first verdict is reported whichever it is.
 *
 * <p>Concurrency: ticks come from the scheduler; the blocking check runs on {@code blocking}, at
 * most one at a time (a slow check skips ticks); results are counted on {@code serial}, the
 * worker's executor, which also receives {@link Listener} calls. {@link #close} stops it.
 */
final class ProbeLoop implements AutoCloseable {
    interface Listener {
        void verdict(String probeName, boolean passed, String detail);
    }

    private final String name;
    private final Probe probe;
    private final Executor blocking;
    private final Executor serial;
    private final Listener listener;
    private final IntSupplier pid;
    private final IntSupplier port;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean closed;
    private final Scheduler.Cancellable ticks;
    // Serial-owned counters.
    private int passes;
    private int failures;
    private Boolean verdict;

    ProbeLoop(String name, Probe probe, Scheduler scheduler, Executor blocking, Executor serial, Listener listener,
              IntSupplier pid, IntSupplier port) {
        this.name = name;
        this.probe = probe;
        this.blocking = blocking;
        this.serial = serial;
        this.listener = listener;
        this.pid = pid;
        this.port = port;
        this.ticks = scheduler.scheduleWithFixedDelay(this::tick, probe.timing().initialDelay(), probe.timing().period());
    }

    private void tick() {
        if (closed || !running.compareAndSet(false, true)) {
            return;
        }
        blocking.execute(() -> {
            HealthChecks.Result result;
            try {
                result = HealthChecks.run(probe.check(), probe.timing().timeout(), pid, port);
            } finally {
                running.set(false);
            }
            serial.execute(() -> count(result));
        });
    }

    private void count(HealthChecks.Result result) {
        if (closed) {
            return;
        }
        if (result.passed()) {
            passes++;
            failures = 0;
            if ((verdict == null || !verdict) && passes >= probe.timing().successThreshold()) {
                verdict = true;
                listener.verdict(name, true, result.detail());
            }
        } else {
            failures++;
            passes = 0;
            if ((verdict == null || verdict) && failures >= probe.timing().failureThreshold()) {
                verdict = false;
                listener.verdict(name, false, result.detail());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ticks.cancel();
    }
}
