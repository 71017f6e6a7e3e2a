package io.hsu.logs;

import java.util.Locale;

/** Which output of a worker a line came from. Prints in lower case ({@code stdout}), as in paths and events. */
public enum LogStream {
    STDOUT,
    STDERR;

    /** {@code stdout} or {@code stderr}: the value of {@code {stream}} in path templates. */
    public String label() {
        return label;
    }

    private final String label = name().toLowerCase(Locale.ROOT);
}
