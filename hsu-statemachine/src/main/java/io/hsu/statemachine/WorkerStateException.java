package io.hsu.statemachine;

import io.hsu.core.ErrorKind;
import io.hsu.core.HsuException;
import io.hsu.core.WorkerId;

/**
 * A request that the worker's current state does not allow. Always of kind {@link ErrorKind#STATE};
 * the message names the worker, the states and what is allowed instead.
 *
 * <p>Immutable and thread-safe.
 */
public abstract sealed class WorkerStateException extends HsuException
        permits IllegalTransitionException, OperationRefusedException {
    private static final long serialVersionUID = 1L;

    private final transient WorkerId workerId;

    WorkerStateException(WorkerId workerId, String message) {
        super(message);
        this.workerId = workerId;
    }

    /** The worker that refused. */
    public WorkerId workerId() {
        return workerId;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.STATE;
    }
}
