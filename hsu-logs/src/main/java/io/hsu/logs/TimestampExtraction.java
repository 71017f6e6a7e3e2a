package io.hsu.logs;

import io.hsu.core.internal.Checks;
import java.math.BigDecimal;
import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code timestamp_extraction} parser: takes a record's time from the line itself instead of
 * the moment it was read. The time comes from a field of a JSON or logfmt line (the first of
 * {@link #fields()} present), else from a timestamp at the very start of a plain line. A line
 * without a readable timestamp keeps the time it was read; extraction never drops a line.
 *
 * <p>Formats: {@code rfc3339} (ISO-8601 date and time, {@code T} or a blank between them, optional
 * fraction and offset), {@code unix} and {@code unix_ms} (numbers or numeric strings, fields only),
 * or a {@link DateTimeFormatter} pattern such as {@code yyyy-MM-dd HH:mm:ss,SSS}. Times without an
 * offset are read in {@link #zone()}. A JSON number in a field is read as seconds since the epoch
 * (milliseconds with {@code unix_ms}) whatever the format, since no text format writes one.
 *
 * <p>Immutable and thread-safe.
 */
public final class TimestampExtraction {
    /** The field names tried when none are configured, in this order. */
    public static final List<String> DEFAULT_FIELDS = List.of("time", "ts", "timestamp", "@timestamp");

    private static final Pattern RFC3339_PREFIX = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?(?:Z|z|[+-]\\d{2}:?\\d{2})?");
    private static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()   // RFC 3339 allows a lower-case t and z
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter()
            .withResolverStyle(java.time.format.ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    /** How the timestamp is written. */
    public enum Format {
        /** ISO-8601 / RFC 3339 date-time, optionally with fraction and offset. */
        RFC3339,
        /** Seconds since the epoch, optionally with a fraction (fields only). */
        UNIX,
        /** Milliseconds since the epoch (fields only). */
        UNIX_MS,
        /** A {@link DateTimeFormatter} pattern. */
        PATTERN
    }

    private final List<String> fields;
    private final Format format;
    private final DateTimeFormatter formatter;
    private final String pattern;
    private final ZoneId zone;

    private TimestampExtraction(List<String> fields, Format format, String pattern, ZoneId zone) {
        this.fields = List.copyOf(fields);
        this.format = format;
        this.pattern = pattern;
        this.zone = zone;
        this.formatter = format == Format.PATTERN ? DateTimeFormatter.ofPattern(pattern) : RFC3339;
    }

    /** RFC 3339 timestamps from the default fields or the start of the line, UTC where no offset is given. */
    public static TimestampExtraction rfc3339() {
        return new TimestampExtraction(DEFAULT_FIELDS, Format.RFC3339, null, ZoneOffset.UTC);
    }

    /**
     * Timestamps written with a {@link DateTimeFormatter} pattern.
     *
     * @throws IllegalArgumentException if {@code pattern} is not a valid pattern
     */
    public static TimestampExtraction pattern(String pattern) {
        Checks.notNull(pattern, "pattern");
        DateTimeFormatter.ofPattern(pattern);
        return new TimestampExtraction(DEFAULT_FIELDS, Format.PATTERN, pattern, ZoneOffset.UTC);
    }

    /** This extraction with {@code format} ({@link Format#PATTERN} needs {@link #pattern(String)}). */
    public TimestampExtraction withFormat(Format format) {
        Checks.notNull(format, "format");
        Checks.argument(format != Format.PATTERN, "use TimestampExtraction.pattern(String) for a pattern");
        return new TimestampExtraction(fields, format, null, zone);
    }

    /** This extraction reading the first present of {@code fields} from structured lines. */
    public TimestampExtraction withFields(List<String> fields) {
        Checks.argument(fields != null && !fields.isEmpty(), "fields must not be empty");
        return new TimestampExtraction(fields, format, pattern, zone);
    }

    /** This extraction reading times without an offset in {@code zone}. */
    public TimestampExtraction withZone(ZoneId zone) {
        return new TimestampExtraction(fields, format, pattern, Checks.notNull(zone, "zone"));
    }

    public List<String> fields() { return fields; }
    public Format format() { return format; }
    /** The {@link DateTimeFormatter} pattern, for {@link Format#PATTERN}. */
    public Optional<String> pattern() { return Optional.ofNullable(pattern); }
    public ZoneId zone() { return zone; }

    /** The time written in {@code message} or its parsed {@code fields}, if one is readable. */
    public Optional<Instant> extract(String message, Map<String, Object> fields) {
        if (!fields.isEmpty()) {
            for (String name : this.fields) {
                Object value = fields.get(name);
                if (value != null) {
                    Optional<Instant> time = fromValue(value);
                    if (time.isPresent()) {
                        return time;
                    }
                }
            }
        }
        return fromLinePrefix(message);
    }

    private Optional<Instant> fromValue(Object value) {
        if (value instanceof Number || format == Format.UNIX || format == Format.UNIX_MS) {
            return epoch(value.toString());
        }
        String text = value.toString();
        return parseText(format == Format.RFC3339 ? text.replace(',', '.') : text, true);
    }

    private Optional<Instant> epoch(String text) {
        try {
            BigDecimal number = new BigDecimal(text.trim());
            BigDecimal nanos = format == Format.UNIX_MS ? number.movePointRight(6) : number.movePointRight(9);
            long total = nanos.longValueExact();
            return Optional.of(Instant.ofEpochSecond(Math.floorDiv(total, 1_000_000_000L),
                    Math.floorMod(total, 1_000_000_000L)));
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Instant> fromLinePrefix(String message) {
        if (message.isEmpty() || format == Format.UNIX || format == Format.UNIX_MS) {
            return Optional.empty();
        }
        if (format == Format.RFC3339) {
            if (!Character.isDigit(message.charAt(0))) {
                return Optional.empty();
            }
            Matcher m = RFC3339_PREFIX.matcher(message);
            return m.lookingAt() ? parseText(message.substring(0, m.end()).replace(',', '.'), true) : Optional.empty();
        }
        return parseText(message, false);
    }

    /** {@code text} (whole when {@code whole}, else a prefix of it) as an instant. */
    private Optional<Instant> parseText(String text, boolean whole) {
        try {
            ParsePosition position = new ParsePosition(0);
            TemporalAccessor parsed = formatter.parse(text, position);
            if (whole && position.getIndex() != text.length()) {
                return Optional.empty();
            }
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return Optional.of(OffsetDateTime.from(parsed).toInstant());
            }
            return Optional.of(LocalDateTime.from(parsed).atZone(zone).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "TimestampExtraction[fields=" + fields + ", format=" + (pattern != null ? pattern : format)
                + ", zone=" + zone + "]";
    }
}
