package io.hsu.processcontrol;

import io.hsu.core.ErrorKind;

/**
 * A process could not be started: the executable is missing, a directory or not executable, the
 * working directory is missing, or the kernel refused. Kind {@link ErrorKind#SPAWN}.
 */
public final class SpawnFailedException extends ProcessControlException {
    private static final long serialVersionUID = 1L;

    public SpawnFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.SPAWN;
    }
}
