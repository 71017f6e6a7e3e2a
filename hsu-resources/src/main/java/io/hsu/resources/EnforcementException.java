package io.hsu.resources;

import io.hsu.core.ErrorKind;
import io.hsu.core.HsuException;

/**
 * OS enforcement that the config requires could not be set up: the message says exactly what is
 * missing (not root, no write access, no such controller). Kind {@link ErrorKind#PLATFORM}.
 */
public final class EnforcementException extends HsuException {
    private static final long serialVersionUID = 1L;

    public EnforcementException(String message) {
        super(message);
    }

    public EnforcementException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.PLATFORM;
    }
}
