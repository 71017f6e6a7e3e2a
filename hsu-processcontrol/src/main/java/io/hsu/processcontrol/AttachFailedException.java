package io.hsu.processcontrol;

import io.hsu.core.ErrorKind;

/**
 * An existing process could not be found or verified: the PID file is missing, empty or garbage,
 * the pid is dead, it names another process (a recycled pid), or no process matches the discovery
 * method. Kind {@link ErrorKind#NOT_FOUND}; {@link ErrorKind#CONFLICT} when the pid belongs to
 * another process; {@link ErrorKind#IO} when /proc/net cannot be read; {@link ErrorKind#PLATFORM}
 * when the service manager (systemctl) cannot answer.
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
