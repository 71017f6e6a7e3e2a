package io.hsu.core.posix;

import io.hsu.core.ErrorKind;
import io.hsu.core.HsuException;
import java.util.Objects;
import java.util.Optional;

/**
 * A POSIX call failed. The message names the call with its arguments and the errno, for example
 * {@code kill(-4242, SIGTERM) failed: EPERM (Operation not permitted)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class PosixException extends HsuException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String call;
    private final int errno;

    /**
     * A failure reported through errno.
     *
     * @param kind what kind of failure this is for callers (SIGNAL for kill, IO for files, ...)
     * @param call the call with its arguments as the user should read it, for example
     *     {@code "kill(-4242, SIGTERM)"}
     * @param errno the errno value the call set
     */
    public PosixException(ErrorKind kind, String call, int errno) {
        super(call + " failed: " + Errno.describe(errno));
        this.kind = Objects.requireNonNull(kind, "kind must not be null");
        this.call = call;
        this.errno = errno;
    }

    /** A failure that did not come with an errno (reading {@code /proc} failed, for example). */
    public PosixException(ErrorKind kind, String call, String detail, Throwable cause) {
        super(call + " failed: " + detail, cause);
        this.kind = Objects.requireNonNull(kind, "kind must not be null");
        this.call = call;
        this.errno = 0;
    }

    @Override
    public ErrorKind kind() {
        return kind;
    }

    /** The call with its arguments, for example {@code "kill(-4242, SIGTERM)"}. */
    public String call() {
        return call;
    }

    /** The errno number, or 0 if the failure did not come from errno. */
    public int errno() {
        return errno;
    }

    /** The errno name, for example {@code "EPERM"}, or {@code "errno 200"} for an unlisted number. */
    public String errnoName() {
        return Errno.nameOf(errno);
    }

    /** The errno as a constant, if it is one of the common values {@link Errno} lists. */
    public Optional<Errno> errnoValue() {
        return Errno.fromNumber(errno);
    }
}
