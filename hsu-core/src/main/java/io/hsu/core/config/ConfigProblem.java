package io.hsu.core.config;

import java.util.Objects;

/**
 * One mistake (or, for {@link Severity#WARNING}, one doubt) found in a configuration, with where it is.
 *
 * <p>Immutable and thread-safe.
 *
 * @param source the file name as the user gave it, or null when the text did not come from a file
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param path the YAML path such as {@code workers[2].unit.managed.control.graceful_timeout};
 *     empty for the whole document
 * @param message what is wrong, in words for the user, without the path or position
 * @param severity whether the configuration is rejected for it
 */
public record ConfigProblem(String source, int line, int column, String path, String message, Severity severity) {

    /** How bad a problem is. */
    public enum Severity {
        /** The configuration cannot be used. */
        ERROR,
        /** The configuration can be used, but probably not as meant (an unknown key in lenient mode). */
        WARNING
    }

    /**
     * Checks the values.
     *
     * @throws NullPointerException if path, message or severity is null
     * @throws IllegalArgumentException if line or column is negative
     */
    public ConfigProblem {
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(message, "message must not be null");
        Objects.requireNonNull(severity, "severity must not be null");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be >= 0, but were " + line + ":" + column);
        }
    }

    /** Returns true for {@link Severity#ERROR}. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * Returns {@code FILE:LINE:COLUMN: PATH: MESSAGE}, the form {@code hsu validate} prints. Unknown
     * parts are left out with their separator, and a warning's message starts with {@code warning: }.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (source != null) {
            out.append(source).append(':');
        }
        if (line > 0) {
            out.append(line).append(':').append(column).append(':');
        }
        if (out.length() > 0) {
            out.append(' ');
        }
        if (!path.isEmpty()) {
            out.append(path).append(": ");
        }
        if (severity == Severity.WARNING) {
            out.append("warning: ");
        }
        return out.append(message).toString();
    }
}
