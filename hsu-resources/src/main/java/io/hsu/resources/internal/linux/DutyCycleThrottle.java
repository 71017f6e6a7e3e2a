package io.hsu.resources.internal.linux;

import io.hsu.core.Scheduler;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.PosixException;
import io.hsu.core.posix.Signal;
import io.hsu.resources.CpuThrottle;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttling without a cgroup: in each 100 ms period the worker's processes run for
 * {@code percent}% of it and are stopped (SIGSTOP) for the rest, then continued (SIGCONT). It
 * assumes the worker would use at most one core when unthrottled; a cgroup quota is exact.
 *
 * <p>Concurrency: the cycle runs as scheduler tasks; {@code lock} guards the phase and the pending
 * task, so {@link #close()} always ends with a SIGCONT and no task left.
 */
public final class DutyCycleThrottle implements CpuThrottle {
    private static final Logger log = LoggerFactory.getLogger(DutyCycleThrottle.class);
    static final Duration PERIOD = Duration.ofMillis(100);

    private final Scheduler scheduler;
    private final Supplier<long[]> pids;
    private final ReentrantLock lock = new ReentrantLock();
    private Scheduler.Cancellable pending = Scheduler.Cancellable.NONE;   // guarded by lock
    private volatile double applied;

    /** @param pids the worker's processes now (asked each period, so new children are caught) */
    public DutyCycleThrottle(Scheduler scheduler, Supplier<long[]> pids) {
        this.scheduler = scheduler;
        this.pids = pids;
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
            signal(Signal.CONT);
            double fraction = Math.min(1.0, applied / 100.0);
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
            double fraction = Math.min(1.0, applied / 100.0);
            pending = scheduler.schedule(this::runPhase, Duration.ofNanos((long) (PERIOD.toNanos() * (1 - fraction))));
        } finally {
            lock.unlock();
        }
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
