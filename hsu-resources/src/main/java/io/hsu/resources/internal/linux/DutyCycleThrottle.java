package io.hsu.resources.internal.linux;

import io.hsu.core.Scheduler;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.PosixException;
import io.hsu.core.posix.Signal;
import io.hsu.resources.CpuThrottle;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttling without a cgroup: in each 100 ms period the worker's processes run for a fraction of
 * it and are stopped (SIGSTOP) for the rest, then continued (SIGCONT). The fraction starts at
 * {@code percent / 100} and is corrected each period from the CPU time the worker really used, so a
 * multi-threaded worker (which burns more than one core while running) and a worker starved by
 * other load both settle near the limit. A cgroup quota is exact and preferred.
 *
 * <p>Concurrency: the cycle runs as scheduler tasks; {@code lock} guards the phase and the pending
 * task, so {@link #close()} always ends with a SIGCONT and no task left.
 */
public final class DutyCycleThrottle implements CpuThrottle {
    private static final Logger log = LoggerFactory.getLogger(DutyCycleThrottle.class);
    static final Duration PERIOD = Duration.ofMillis(100);

    private static final double GAIN = 0.5;
    private static final double MIN_FRACTION = 0.01;

    private final Scheduler scheduler;
    private final Supplier<long[]> pids;
    private final LongSupplier cpuTimeNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private Scheduler.Cancellable pending = Scheduler.Cancellable.NONE;   // guarded by lock
    private double fraction;          // guarded by lock
    private long lastCpu = -1;        // guarded by lock
    private long lastNanos;           // guarded by lock
    private volatile double applied;

    /**
     * @param pids the worker's processes now (asked each period, so new children are caught)
     * @param cpuTimeNanos the worker's cumulative CPU time now, to correct the run fraction
     */
    public DutyCycleThrottle(Scheduler scheduler, Supplier<long[]> pids, LongSupplier cpuTimeNanos) {
        this.scheduler = scheduler;
        this.pids = pids;
        this.cpuTimeNanos = cpuTimeNanos;
    }

    @Override
    public void apply(double percent) {
        if (!(percent > 0)) {
            throw new IllegalArgumentException("percent must be > 0, but was " + percent);
        }
        lock.lock();
        try {
            boolean running = applied > 0;
            applied = percent;
            fraction = Math.min(1.0, percent / 100.0);
            lastCpu = -1;
            if (!running) {
                pending = scheduler.schedule(this::runPhase, Duration.ZERO);
            }
        } finally {
            lock.unlock();
        }
    }

    private void runPhase() {
        lock.lock();
        try {
            if (applied <= 0) {
                return;
            }
            correctFraction();
            signal(Signal.CONT);
            if (fraction >= 1.0) {
                pending = scheduler.schedule(this::runPhase, PERIOD);
                return;
            }
            Duration run = Duration.ofNanos((long) (PERIOD.toNanos() * fraction));
            pending = scheduler.schedule(this::stopPhase, run);
        } finally {
            lock.unlock();
        }
    }

    private void stopPhase() {
        lock.lock();
        try {
            if (applied <= 0) {
                return;
            }
            signal(Signal.STOP);
            pending = scheduler.schedule(this::runPhase, Duration.ofNanos((long) (PERIOD.toNanos() * (1 - fraction))));
        } finally {
            lock.unlock();
        }
    }

    /** Moves the run fraction toward the limit by what the last period really used. Under lock. */
    private void correctFraction() {
        long cpu = cpuTimeNanos.getAsLong();
        long now = scheduler.nanoTime();
        if (lastCpu >= 0 && now > lastNanos && cpu >= lastCpu) {
            double used = 100.0 * (cpu - lastCpu) / (now - lastNanos);
            fraction = Math.max(MIN_FRACTION, Math.min(1.0, fraction + GAIN * (applied - used) / 100.0));
        }
        lastCpu = cpu;
        lastNanos = now;
    }

    private void signal(Signal signal) {
        for (long pid : pids.get()) {
            try {
                Posix.get().kill((int) pid, signal);
            } catch (PosixException e) {
                log.debug("cannot send {} to {}: {}", signal, pid, e.getMessage());
            }
        }
    }

    @Override
    public double appliedPercent() {
        return applied;
    }

    @Override
    public String mechanism() {
        return "SIGSTOP/SIGCONT duty cycling";
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (applied <= 0) {
                return;
            }
            applied = 0;
            pending.cancel();
            signal(Signal.CONT);
        } finally {
            lock.unlock();
        }
    }
}
