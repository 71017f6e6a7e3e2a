package io.hsu.logs;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to search for in a worker's tail and rotated files. Empty parts match everything. Immutable.
 *
 * @param pattern a regex found anywhere in the message
 * @param from inclusive lower time bound
 * @param to exclusive upper time bound
 * @param stream only this stream
 * @param minLevel only lines at this level or above (lines without a level are excluded)
 * @param limit at most this many results, the most recent ones
 */
public record LogQuery(Optional<Pattern> pattern, Optional<Instant> from, Optional<Instant> to,
                       Optional<LogStream> stream, Optional<LogLevel> minLevel, int limit) {
    public LogQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, but was " + limit);
        }
    }

    /** Everything, at most 1000 results. */
    public static LogQuery all() {
        return new LogQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1000);
    }

    public LogQuery withPattern(String regex) {
        return new LogQuery(Optional.of(Pattern.compile(regex)), from, to, stream, minLevel, limit);
    }

    public LogQuery withRange(Instant from, Instant to) {
        return new LogQuery(pattern, Optional.ofNullable(from), Optional.ofNullable(to), stream, minLevel, limit);
    }

    public LogQuery withStream(LogStream stream) {
        return new LogQuery(pattern, from, to, Optional.of(stream), minLevel, limit);
    }

    public LogQuery withMinLevel(LogLevel level) {
        return new LogQuery(pattern, from, to, stream, Optional.of(level), limit);
    }

    public LogQuery withLimit(int limit) {
        return new LogQuery(pattern, from, to, stream, minLevel, limit);
    }

    /** Whether {@code r} matches every part but the pattern's absence. */
    public boolean matches(LogRecord r) {
        if (stream.isPresent() && r.stream() != stream.get()) {
            return false;
        }
        if (from.isPresent() && r.time().isBefore(from.get())) {
            return false;
        }
        if (to.isPresent() && !r.time().isBefore(to.get())) {
            return false;
        }
        if (minLevel.isPresent() && (r.level().isEmpty() || r.level().get().compareTo(minLevel.get()) < 0)) {
            return false;
        }
        return pattern.isEmpty() || pattern.get().matcher(r.message()).find();
    }
}
