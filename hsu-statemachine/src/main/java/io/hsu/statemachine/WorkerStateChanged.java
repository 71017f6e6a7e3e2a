package io.hsu.statemachine;

import io.hsu.core.ExitStatus;
import io.hsu.core.WorkerId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A worker moved from one state to another. Also the entry type of the transition history.
 *
 * <p>Immutable and thread-safe.
 *
 * @param workerId the worker
 * @param at when, by the worker's clock
 * @param sequence the sequence number of the snapshot published with this change
 * @param from the state before
 * @param to the state after
 * @param reason why, for people
 * @param pid the process id after the change, if any
 * @param restartCount the restart count after the change
 * @param lastExit how the last process ended, if one did
 */
public record WorkerStateChanged(
        WorkerId workerId,
        Instant at,
        long sequence,
        WorkerState from,
        WorkerState to,
        String reason,
        OptionalLong pid,
        int restartCount,
        Optional<ExitStatus> lastExit) implements LifecycleEvent {

    public WorkerStateChanged {
        Objects.requireNonNull(workerId, "workerId must not be null");
        Objects.requireNonNull(at, "at must not be null");
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
        Objects.requireNonNull(pid, "pid must not be null");
        Objects.requireNonNull(lastExit, "lastExit must not be null");
    }

    /** The change from {@code before} to {@code after}, two snapshots of the same worker. */
    public static WorkerStateChanged between(WorkerSnapshot before, WorkerSnapshot after) {
        return new WorkerStateChanged(after.id(), after.since(), after.sequence(), before.state(), after.state(),
                after.reason(), after.pid(), after.restartCount(), after.lastExit());
    }

    /** Same as {@link #to()}. */
    @Override
    public WorkerState state() {
        return to;
    }

    @Override
    public String toString() {
        return "worker '" + workerId + "' " + from.displayName() + " -> " + to.displayName() + " (" + reason + ") #" + sequence;
    }
}
