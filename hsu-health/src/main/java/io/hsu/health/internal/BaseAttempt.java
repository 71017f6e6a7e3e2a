package io.hsu.health.internal;

import java.io.IOException;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the attempts of both {@link TcpConnector}s share: a deadline, an outcome delivered once,
 * and a cancel that ends the attempt without one. Subclasses own the socket and release it in
 * {@link #cancelled()}.
 */
abstract class BaseAttempt implements TcpConnector.Attempt {
    private static final Logger log = LoggerFactory.getLogger(BaseAttempt.class);
    static final Comparator<BaseAttempt> BY_DEADLINE = (x, y) -> Long.signum(x.deadlineNanos - y.deadlineNanos);

    final long deadlineNanos;
    private final TcpConnector.Outcome outcome;
    private final AtomicBoolean done = new AtomicBoolean();
    /** Owned by the connector's loop thread. */
    boolean queuedForDeadline;

    BaseAttempt(long deadlineNanos, TcpConnector.Outcome outcome) {
        this.deadlineNanos = deadlineNanos;
        this.outcome = outcome;
    }

    /** Ends the attempt with {@code failure} (null: connected), unless it has ended already. */
    final void finish(IOException failure) {
        if (done.compareAndSet(false, true)) {
            try {
                outcome.finished(failure);
            } catch (RuntimeException | LinkageError e) {
                log.error("tcp probe outcome failed", e);
            }
        }
    }

    final boolean isDone() {
        return done.get();
    }

    @Override
    public final boolean cancel() {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        cancelled();
        return true;
    }

    /** Called once by {@link #cancel()} after it ended the attempt: have the socket closed. */
    abstract void cancelled();

    /** How long a loop may wait for {@code deadlineNanos}: 0 once passed, else at least 1 ms, rounded up. */
    static int millisUntil(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
    }
}
