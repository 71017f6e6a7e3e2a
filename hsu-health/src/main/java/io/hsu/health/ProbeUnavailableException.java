package io.hsu.health;

import io.hsu.core.ErrorKind;
import io.hsu.core.HsuException;

/**
 * A probe cannot be created on this JVM because something it needs is missing, such as grpc-java
 * for a {@code grpc} check. The message names what to add. Kind {@link ErrorKind#PLATFORM}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProbeUnavailableException extends HsuException {
    private static final long serialVersionUID = 1L;

    public ProbeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.PLATFORM;
    }
}
