package io.hsu.statemachine;

import io.hsu.core.ExitStatus;
import io.hsu.core.WorkerId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A worker's lifecycle at one point in time, as published by its {@link WorkerStateMachine}. A
 * larger {@link #sequence()} is a later snapshot of the same worker; the sequence counts the
 * lifecycle events published so far (0 for the first snapshot).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the worker
 * @param state its state
 * @param since when it entered {@code state} (or when its pid was last assigned)
 * @param reason why it is in {@code state}, for people ({@code "exited 1; restarting in 2s"})
 * @param pid the process id while a process may be alive ({@link WorkerState#mayHaveProcess()})
 * @param restartCount how many times the worker was started again after a run (automatic or manual restarts)
 * @param lastExit how the last process ended, kept across later starts
 * @param sequence the number of the last lifecycle event; no gaps, starts at 0
 */
public record WorkerSnapshot(
        WorkerId id,
        WorkerState state,
        Instant since,
        String reason,
        OptionalLong pid,
        int restartCount,
        Optional<ExitStatus> lastExit,
        long sequence) {

    /**
     * @throws NullPointerException if a reference is null
     * @throws IllegalArgumentException if {@code restartCount} or {@code sequence} is negative, or
     *     a pid is given for a state that has no process
     */
    public WorkerSnapshot {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(since, "since must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
        Objects.requireNonNull(pid, "pid must not be null");
        Objects.requireNonNull(lastExit, "lastExit must not be null");
        if (restartCount < 0) {
            throw new IllegalArgumentException("restartCount must be >= 0, but was " + restartCount);
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, but was " + sequence);
        }
        if (pid.isPresent() && !state.mayHaveProcess()) {
            throw new IllegalArgumentException("a " + state.displayName() + " worker has no pid, but pid was " + pid.getAsLong());
        }
    }

    /** The first snapshot of a worker: {@code state} at {@code since}, sequence 0, no pid, no exit. */
    public static WorkerSnapshot initial(WorkerId id, WorkerState state, Instant since, String reason) {
        return new WorkerSnapshot(id, state, since, reason, OptionalLong.empty(), 0, Optional.empty(), 0);
    }
}
