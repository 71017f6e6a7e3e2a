package io.hsu.logs;

import io.hsu.core.WorkerId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a worker's output, stamped when it was read. Lines longer than the maximum line
 * length arrive as several records; every one but the last has {@link #continued()} set.
 *
 * <p>Immutable and thread-safe.
 *
 * @param time when the collector read the line (lines of one read share it)
 * @param worker the worker that wrote it
 * @param stream stdout or stderr
 * @param pid the writer's pid, 0 when not known
 * @param sequence position in the worker's output, both streams together, from 0
 * @param lineNumber position in this stream since it was attached, from 1
 * @param message the line without its newline, invalid UTF-8 replaced by U+FFFD
 * @param level the detected level, if any
 * @param fields fields parsed from JSON or logfmt lines, in line order (empty when none or parsing is off)
 * @param continued true when this is a split part of a longer line and more of it follows
 */
public record LogRecord(Instant time, WorkerId worker, LogStream stream, long pid, long sequence, long lineNumber,
                        String message, Optional<LogLevel> level, Map<String, Object> fields, boolean continued) {
    public LogRecord {
        Objects.requireNonNull(time, "time must not be null");
        Objects.requireNonNull(worker, "worker must not be null");
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(message, "message must not be null");
        Objects.requireNonNull(level, "level must not be null");
        fields = fields.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** This record with {@code level} and {@code fields}. */
    public LogRecord withParsed(Optional<LogLevel> level, Map<String, Object> fields) {
        return new LogRecord(time, worker, stream, pid, sequence, lineNumber, message, level, fields, continued);
    }
}
