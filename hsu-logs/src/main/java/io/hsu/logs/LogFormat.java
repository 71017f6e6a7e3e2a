package io.hsu.logs;

/**
 * How an output writes a record.
 * <ul>
 * <li>{@code PLAIN}: the line as written (a split part ends in {@value #SPLIT_MARKER}), after the output's prefix if any;
 * <li>{@code ENHANCED_PLAIN}: {@code 2026-11-26T10:00:00.123Z web-1 stdout INFO the line};
 * <li>{@code JSON}: one object per line: time, worker, stream, pid, seq, level, message;
 * <li>{@code STRUCTURED_JSON}: JSON plus the parsed fields and the metadata (host, master_id, line).
 * </ul>
 */
public enum LogFormat {
    PLAIN,
    ENHANCED_PLAIN,
    JSON,
    STRUCTURED_JSON;

    /** Appended to a split part of an over-long line in the plain formats. */
    public static final String SPLIT_MARKER = " [continued]";
}
