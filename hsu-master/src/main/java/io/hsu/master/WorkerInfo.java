package io.hsu.master;

import io.hsu.core.WorkerId;
import io.hsu.master.config.WorkerType;
import io.hsu.statemachine.WorkerSnapshot;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the master knows about one worker at one moment.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the worker
 * @param type its kind
 * @param snapshot its lifecycle snapshot (state, pid, restarts, last exit)
 * @param healthy whether its health probe (readiness, else liveness) passes; true for a running worker without probes
 * @param waitingFor what it waits for before it starts, if it waits
 * @param port the port given to an integrated worker
 */
public record WorkerInfo(WorkerId id, WorkerType type, WorkerSnapshot snapshot, boolean healthy, Optional<String> waitingFor,
                         OptionalInt port) {
    /** @throws NullPointerException if a reference is null */
    public WorkerInfo {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(snapshot, "snapshot must not be null");
        Objects.requireNonNull(waitingFor, "waitingFor must not be null");
        Objects.requireNonNull(port, "port must not be null");
    }
}
