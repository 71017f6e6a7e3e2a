package io.hsu.core;

import io.hsu.core.internal.SystemScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The seam between HSU and time: a wall clock, a monotonic clock, and delayed or periodic tasks.
 * Policies, probe runners and monitors take a {@code Scheduler} so tests drive time with a fake
 * (the test jar of hsu-core has {@code FakeScheduler}) instead of sleeping.
 *
 * <p>Tasks must be short and must not block: a task that has blocking work to do hands it to an
 * executor of its own. A task that throws is logged and, if periodic, keeps its schedule.
 *
 * <p>Implementations are thread-safe. {@link #system()} is shared by the whole JVM and is never
 * closed; its thread is a daemon.
 */
public interface Scheduler {

    /** The shared scheduler on the system clock: one daemon thread for the whole JVM. */
    static Scheduler system() {
        return SystemScheduler.INSTANCE;
    }

    /** The wall clock, for timestamps people read. */
    Clock clock();

    /** Now, by {@link #clock()}. */
    default Instant now() {
        return clock().instant();
    }

    /** A monotonic reading in nanoseconds, for measuring elapsed time; only differences mean anything. */
    long nanoTime();

    /**
     * Runs {@code task} once after {@code delay} (zero or negative: as soon as possible).
     *
     * @return a handle that cancels the task if it has not started
     */
    Cancellable schedule(Runnable task, Duration delay);

    /**
     * Runs {@code task} after {@code initialDelay}, then again {@code period} after each run
     * ends (fixed delay, so a slow run never piles up copies of itself).
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    Cancellable scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration period);

    /** A scheduled task that can be cancelled. {@link #cancel()} is idempotent and thread-safe. */
    @FunctionalInterface
    interface Cancellable {
        /** A handle whose cancel does nothing. */
        Cancellable NONE = () -> false;

        /** Cancels future runs; a run already under way finishes. Returns true if this call cancelled it. */
        boolean cancel();
    }
}
