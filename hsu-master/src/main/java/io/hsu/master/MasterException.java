package io.hsu.master;

import io.hsu.core.ErrorKind;
import io.hsu.core.HsuException;

/**
 * A master operation failed: an unknown worker, an operation the worker's state does not allow, a
 * state directory that cannot be used.
 *
 * <p>Immutable and thread-safe.
 */
public final class MasterException extends HsuException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public MasterException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public MasterException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    @Override
    public ErrorKind kind() {
        return kind;
    }
}
