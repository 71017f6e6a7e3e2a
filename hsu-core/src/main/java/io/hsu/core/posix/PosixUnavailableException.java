package io.hsu.core.posix;

import io.hsu.core.ErrorKind;
import io.hsu.core.HsuException;

/**
 * The POSIX bindings cannot be used here: the platform is not Linux x86_64 or aarch64, or the C
 * library could not be loaded. Its kind is {@link ErrorKind#PLATFORM}.
 *
 * <p>Immutable and thread-safe.
 */
public final class PosixUnavailableException extends HsuException {
    private static final long serialVersionUID = 1L;

    PosixUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.PLATFORM;
    }
}
