package io.hsu.processcontrol;

import io.hsu.core.ErrorKind;

/**
 * An existing process could not be found or verified: the PID file is missing, empty or garbage,
 * the pid is dead, or it names another process (a recycled pid). Kind {@link ErrorKind#NOT_FOUND},
 * or {@link ErrorKind#CONFLICT} when the pid belongs to another process.
 */
public final class AttachFailedException extends ProcessControlException {
    private static final long serialVersionUID = 1L;
    private final ErrorKind kind;

    public AttachFailedException(ErrorKind kind, String message) {
        super(message, null);
        this.kind = kind;
    }

    @Override
    public ErrorKind kind() {
        return kind;
    }
}
