package io.hsu.core.event;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing side of an {@link EventSource}: the owner calls {@link #publish}, listeners
 * subscribe through the {@code EventSource} view. Publishing reads a copy-on-write array, so it
 * takes no lock and costs nothing without listeners; subscribing and closing copy the array.
 *
 * <p>Thread-safe. Ordering across threads is the caller's business: a worker publishes from its
 * serial executor only, which keeps its events in sequence order.
 *
 * @param <E> the event type
 */
public final class EventPublisher<E> implements EventSource<E> {
    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    private static final Consumer<?>[] NONE = new Consumer<?>[0];
    /** Listener classes whose failure was already logged: a listener failing on every event logs once. */
    private static final Set<Class<?>> FAILED_LISTENERS = ConcurrentHashMap.newKeySet();

    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile Consumer<? super E>[] listeners = none();

    @Override
    public Subscription subscribe(Consumer<? super E> listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        writeLock.lock();
        try {
            Consumer<? super E>[] next = Arrays.copyOf(listeners, listeners.length + 1);
            next[next.length - 1] = listener;
            listeners = next;
        } finally {
            writeLock.unlock();
        }
        return new Removal(listener);
    }

    /** Delivers {@code event} to every listener in subscription order, isolating failures. */
    public void publish(E event) {
        Objects.requireNonNull(event, "event must not be null");
        for (Consumer<? super E> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                if (FAILED_LISTENERS.add(listener.getClass())) {
                    log.warn("event listener {} failed on {}; its later failures are not logged", listener.getClass().getName(), event, e);
                }
            }
        }
    }

    /** How many listeners are subscribed now. */
    public int listenerCount() {
        return listeners.length;
    }

    /** True when at least one listener is subscribed, so callers can skip building an event nobody reads. */
    public boolean hasListeners() {
        return listeners.length > 0;
    }

    private void remove(Consumer<? super E> listener) {
        writeLock.lock();
        try {
            Consumer<? super E>[] current = listeners;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == listener) {
                    Consumer<? super E>[] next = Arrays.copyOf(current, current.length - 1);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    listeners = next;
                    return;
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private static <E> Consumer<? super E>[] none() {
        return (Consumer<? super E>[]) NONE;
    }

    private final class Removal implements Subscription {
        private final Consumer<? super E> listener;
        private volatile boolean closed;

        Removal(Consumer<? super E> listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                remove(listener);
            }
        }
    }
}
