package io.hsu.core.internal;

import io.hsu.core.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Scheduler#system()}: one daemon thread and the system clock. */
public final class SystemScheduler implements Scheduler {
    private static final Logger log = LoggerFactory.getLogger(SystemScheduler.class);

    /** The instance behind {@link Scheduler#system()}. */
    public static final SystemScheduler INSTANCE = new SystemScheduler();

    private final ScheduledThreadPoolExecutor executor;

    private SystemScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, Threads.daemonFactory("hsu-scheduler"));
        executor.setRemoveOnCancelPolicy(true); // cancelled probes and restarts must not pile up
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> future = executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Cancellable scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration period) {
        Checks.argument(!period.isNegative() && !period.isZero(), "period must be positive, but was %s", period);
        ScheduledFuture<?> future = executor.scheduleWithFixedDelay(
                guarded(task), Math.max(0, initialDelay.toNanos()), period.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // A periodic task that throws would be silently descheduled by the executor.
                log.error("scheduled task {} failed", task, e);
            }
        };
    }
}
