package io.hsu.processcontrol;

import io.hsu.core.ErrorKind;

/**
 * Part of a worker's tree outlived SIGKILL (a process in uninterruptible sleep) or could not be
 * signalled. The worker stays {@code stopping}; the message lists the survivors. Kind
 * {@link ErrorKind#TIMEOUT}.
 */
public final class StopFailedException extends ProcessControlException {
    private static final long serialVersionUID = 1L;

    public StopFailedException(String message) {
        super(message, null);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.TIMEOUT;
    }
}
