package io.hsu.core.event;

/**
 * A registered listener. Closing it removes the listener; {@link #close()} is idempotent and
 * thread-safe. Whoever subscribed owns the subscription and closes it.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Removes the listener. Events already being delivered may still reach it once. */
    @Override
    void close();
}
