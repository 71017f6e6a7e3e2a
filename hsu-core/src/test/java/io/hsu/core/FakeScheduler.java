package io.hsu.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Scheduler} whose time moves only when a test says so: {@link #advance} runs every task
 * that falls due, in time order, on the calling thread. Shared with other modules' tests through
 * hsu-core's test jar.
 *
 * <p>Thread-safe: tasks may be scheduled from any thread; due tasks run on the thread that advances.
 */
public final class FakeScheduler implements Scheduler {
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private volatile Instant now;
    private volatile long nanos;
    private long order;

    public FakeScheduler() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public FakeScheduler(Instant start) {
        this.now = start;
    }

    @Override
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        return add(task, delay, null);
    }

    @Override
    public Cancellable scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, but was " + period);
        }
        return add(task, initialDelay, period);
    }

    /** Moves time forward by {@code step}, running each task when its time comes. */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("step must not be negative, but was " + step);
        }
        Instant target = now.plus(step);
        long targetNanos = nanos + step.toNanos();
        while (true) {
            Task next;
            lock.lock();
            try {
                next = queue.peek();
                if (next == null || next.due.isAfter(target)) {
                    break;
                }
                queue.poll();
                if (next.due.isAfter(now)) {
                    nanos += Duration.between(now, next.due).toNanos();
                    now = next.due;
                }
            } finally {
                lock.unlock();
            }
            if (!next.cancelled) {
                next.task.run();
                if (next.period != null && !next.cancelled) {
                    lock.lock();
                    try {
                        next.due = now.plus(next.period);
                        next.order = order++;
                        queue.add(next);
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }
        now = target;
        nanos = targetNanos;
    }

    /** Runs the tasks that are due now without moving time. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** The delays, from now, of the tasks still waiting, soonest first. */
    public List<Duration> pendingDelays() {
        lock.lock();
        try {
            List<Task> tasks = new ArrayList<>(queue);
            tasks.removeIf(t -> t.cancelled);
            tasks.sort(null);
            List<Duration> delays = new ArrayList<>();
            for (Task t : tasks) {
                delays.add(Duration.between(now, t.due));
            }
            return delays;
        } finally {
            lock.unlock();
        }
    }

    private Cancellable add(Runnable task, Duration delay, Duration period) {
        lock.lock();
        try {
            Task t = new Task(task, now.plus(delay.isNegative() ? Duration.ZERO : delay), period, order++);
            queue.add(t);
            return () -> {
                boolean was = !t.cancelled;
                t.cancelled = true;
                return was;
            };
        } finally {
            lock.unlock();
        }
    }

    private static final class Task implements Comparable<Task> {
        final Runnable task;
        final Duration period;
        Instant due;
        long order;
        volatile boolean cancelled;

        Task(Runnable task, Instant due, Duration period, long order) {
            this.task = task;
            this.due = due;
            this.period = period;
            this.order = order;
        }

        @Override
        public int compareTo(Task o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}
