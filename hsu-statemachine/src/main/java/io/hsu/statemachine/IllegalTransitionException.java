package io.hsu.statemachine;

import io.hsu.core.WorkerId;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A transition the table refuses, for example
 * {@code worker 'api-1' cannot move from STOPPED to RUNNING (allowed: STARTING)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class IllegalTransitionException extends WorkerStateException {
    private static final long serialVersionUID = 1L;

    private final WorkerState from;
    private final WorkerState to;

    public IllegalTransitionException(WorkerId workerId, WorkerState from, WorkerState to) {
        super(workerId, "worker '" + workerId + "' cannot move from " + from + " to " + to
                + " (allowed: " + names(from.allowedNext()) + ")");
        this.from = from;
        this.to = to;
    }

    /** The state the worker was in. */
    public WorkerState from() {
        return from;
    }

    /** The state it was asked to move to. */
    public WorkerState to() {
        return to;
    }

    /** The states {@link #from()} may move to. */
    public Set<WorkerState> allowed() {
        return from.allowedNext();
    }

    private static String names(Set<WorkerState> states) {
        return states.stream().map(Enum::name).collect(Collectors.joining(", "));
    }
}
