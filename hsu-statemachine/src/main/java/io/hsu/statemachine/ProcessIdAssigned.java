package io.hsu.statemachine;

import io.hsu.core.WorkerId;
import java.time.Instant;
import java.util.Objects;

/**
 * A worker's process id became known, or changed, without a state change: the spawn of a
 * {@code starting} worker returned, or a running worker's PID file now names another process.
 *
 * <p>Immutable and thread-safe.
 *
 * @param workerId the worker
 * @param at when, by the worker's clock
 * @param sequence the sequence number of the snapshot published with this event
 * @param state the worker's (unchanged) state
 * @param pid the process id
 * @param reason why, for people
 */
public record ProcessIdAssigned(WorkerId workerId, Instant at, long sequence, WorkerState state, long pid, String reason)
        implements LifecycleEvent {

    public ProcessIdAssigned {
        Objects.requireNonNull(workerId, "workerId must not be null");
        Objects.requireNonNull(at, "at must not be null");
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
    }

    @Override
    public String toString() {
        return "worker '" + workerId + "' " + state.displayName() + " pid " + pid + " (" + reason + ") #" + sequence;
    }
}
