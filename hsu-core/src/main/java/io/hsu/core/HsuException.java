package io.hsu.core;

/**
 * The root of every exception HSU throws on purpose. Each module seals its own family below it;
 * {@link #kind()} says what went wrong in a way programs can act on (the CLI maps it to an exit
 * code). Messages say who, what, the value and a hint, and never contain environment values.
 *
 * <p>Instances are immutable and thread-safe.
 */
public abstract class HsuException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected HsuException(String message) {
        super(message);
    }

    protected HsuException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What kind of failure this is; never null. */
    public abstract ErrorKind kind();
}
