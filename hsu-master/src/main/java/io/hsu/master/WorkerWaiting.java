package io.hsu.master;

import io.hsu.core.WorkerId;
import io.hsu.core.event.WorkerEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * A worker that should start waits for its dependencies ({@code depends_on}); published when what
 * it waits for changes, and with an empty {@code waitingFor} when the wait ends or is cancelled.
 *
 * <p>Immutable and thread-safe.
 *
 * @param workerId the waiting worker
 * @param at when
 * @param sequence 0: not numbered with the lifecycle events
 * @param waitingFor what it waits for, like {@code db (healthy)}, or "" when it no longer waits
 */
public record WorkerWaiting(WorkerId workerId, Instant at, long sequence, String waitingFor) implements WorkerEvent {
    /** @throws NullPointerException if a reference is null */
    public WorkerWaiting {
        Objects.requireNonNull(workerId, "workerId must not be null");
        Objects.requireNonNull(at, "at must not be null");
        Objects.requireNonNull(waitingFor, "waitingFor must not be null");
    }
}
