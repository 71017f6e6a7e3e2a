package io.hsu.processcontrol;

import io.hsu.core.ErrorKind;

/**
 * A request that the worker's config or state forbids: stopping an unmanaged process without
 * {@code can_terminate}, a non-forced restart while the circuit is open. Kind {@link ErrorKind#STATE}.
 */
public final class ControlRefusedException extends ProcessControlException {
    private static final long serialVersionUID = 1L;

    public ControlRefusedException(String message) {
        super(message, null);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.STATE;
    }
}
