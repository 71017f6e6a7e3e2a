package io.hsu.core.event;

import java.util.function.Consumer;

/**
 * Where listeners subscribe to one source's events (a worker, a probe runner, a log pipeline).
 *
 * <p>Listener contract: listeners are called in the order the source publishes, one event at a
 * time, on the publishing thread (for a worker, its serial executor), after the state the event
 * describes is visible to readers, and never under a lock. Listeners must not block. A listener
 * that throws is logged (once per listener class) and the event goes on to the next listener.
 *
 * <p>Implementations are thread-safe.
 *
 * @param <E> the event type of this source
 */
public interface EventSource<E> {
    /** Subscribes to every event. The caller closes the returned subscription. */
    Subscription subscribe(Consumer<? super E> listener);

    /** Subscribes to the events of {@code type} (a subtype of {@code E}). */
    default <T extends E> Subscription on(Class<T> type, Consumer<? super T> listener) {
        return subscribe(event -> {
            if (type.isInstance(event)) {
                listener.accept(type.cast(event));
            }
        });
    }
}
