package io.hsu.statemachine;

import io.hsu.core.WorkerId;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An operation the worker's state does not allow, for example
 * {@code worker 'api-1' cannot stop while stopping (stop is allowed when registered, starting,
 * running, restarting, exited, failed)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class OperationRefusedException extends WorkerStateException {
    private static final long serialVersionUID = 1L;

    private final Operation operation;
    private final WorkerState state;

    public OperationRefusedException(WorkerId workerId, Operation operation, WorkerState state) {
        super(workerId, "worker '" + workerId + "' cannot " + operation.displayName() + " while " + state.displayName()
                + " (" + operation.displayName() + " is allowed when " + statesAllowing(operation) + ")");
        this.operation = operation;
        this.state = state;
    }

    /** What was asked. */
    public Operation operation() {
        return operation;
    }

    /** The state that refused it. */
    public WorkerState state() {
        return state;
    }

    private static String statesAllowing(Operation operation) {
        return Arrays.stream(WorkerState.values())
                .filter(s -> s.allows(operation))
                .map(WorkerState::displayName)
                .collect(Collectors.joining(", "));
    }
}
