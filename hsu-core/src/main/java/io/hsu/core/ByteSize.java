package io.hsu.core;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A number of bytes, at least zero, as written in the HSU config: a plain integer ({@code 1048576})
 * or a number with a unit ({@code 512KB}, {@code 1MB}, {@code 2GiB}, {@code 1.5MB}, {@code 10B}).
 *
 * <p>{@code KB}, {@code MB}, {@code GB}, {@code TB} are powers of 1000; {@code KiB}, {@code MiB},
 * {@code GiB}, {@code TiB} are powers of 1024; {@code B} is one byte. Units are matched without
 * regard to case and may follow the number after one space ({@code 1 MB}). A fraction is allowed
 * when the result is a whole number of bytes ({@code 1.5KiB} is 1536 bytes; {@code 1.3KiB} is
 * refused). The largest size is {@code Long.MAX_VALUE} bytes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bytes the size in bytes, {@code >= 0}
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {
    /** Zero bytes. */
    public static final ByteSize ZERO = new ByteSize(0);

    private static final String UNIT_HINT = "(use B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)";
    // Largest factor first, so toString() picks the largest unit that divides evenly.
    private static final String[] UNITS = {"TiB", "TB", "GiB", "GB", "MiB", "MB", "KiB", "KB", "B"};
    private static final long[] FACTORS = {
        1L << 40, 1_000_000_000_000L, 1L << 30, 1_000_000_000L, 1L << 20, 1_000_000L, 1L << 10, 1_000L, 1L};
    private static final BigDecimal MAX_BYTES = BigDecimal.valueOf(Long.MAX_VALUE);

    /**
     * Checks the value.
     *
     * @throws IllegalArgumentException if bytes is negative
     */
    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, but was " + bytes);
        }
    }

    /**
     * Returns the size of the given number of bytes.
     *
     * @throws IllegalArgumentException if bytes is negative
     */
    public static ByteSize ofBytes(long bytes) {
        return bytes == 0 ? ZERO : new ByteSize(bytes);
    }

    /**
     * Parses a size such as {@code 1048576}, {@code 512KB} or {@code 2GiB}; surrounding whitespace
     * is ignored.
     *
     * @throws IllegalArgumentException if the text is empty, negative, malformed, has an unknown
     *     unit, is not a whole number of bytes or exceeds {@code Long.MAX_VALUE} bytes; the message
     *     quotes the text and says what is wrong
     * @throws NullPointerException if text is null
     */
    public static ByteSize parse(String text) {
        if (text == null) {
            throw new NullPointerException("size text must not be null");
        }
        String s = text.strip();
        if (s.isEmpty()) {
            throw invalid(text, "is empty");
        }
        if (s.charAt(0) == '-') {
            throw invalid(text, "negative sizes are not allowed");
        }
        int i = s.charAt(0) == '+' ? 1 : 0;
        int numberStart = i;
        while (i < s.length() && (isAsciiDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        String number = s.substring(numberStart, i);
        if (!isDecimal(number)) {
            throw invalid(text, "expected a number followed by an optional unit " + UNIT_HINT);
        }
        String unit = s.substring(i);
        if (unit.startsWith(" ")) {
            unit = unit.substring(1);
        }
        long factor = 1;
        if (!unit.isEmpty()) {
            factor = factorOf(unit);
            if (factor == 0) {
                throw invalid(text, "unknown unit \"" + Durations.abbreviate(unit) + "\" " + UNIT_HINT);
            }
        }
        BigDecimal bytes = new BigDecimal(number).multiply(BigDecimal.valueOf(factor));
        if (bytes.compareTo(MAX_BYTES) > 0) {
            throw invalid(text, "larger than the maximum " + Long.MAX_VALUE + " bytes");
        }
        if (bytes.stripTrailingZeros().scale() > 0) {
            throw invalid(text, "is not a whole number of bytes (" + bytes.stripTrailingZeros().toPlainString() + ")");
        }
        return ofBytes(bytes.longValue());
    }

    /**
     * Returns the size with the largest unit that divides it evenly ({@code 1KiB}, {@code 1500KB},
     * {@code 0B}); {@link #parse} reads it back to an equal value.
     */
    @Override
    public String toString() {
        if (bytes == 0) {
            return "0B";
        }
        for (int u = 0; u < UNITS.length; u++) {
            if (bytes % FACTORS[u] == 0) {
                return (bytes / FACTORS[u]) + UNITS[u];
            }
        }
        throw new AssertionError("B divides every size");
    }

    @Override
    public int compareTo(ByteSize other) {
        return Long.compare(bytes, other.bytes);
    }

    private static long factorOf(String unit) {
        for (int u = 0; u < UNITS.length; u++) {
            if (UNITS[u].toLowerCase(Locale.ROOT).equals(unit.toLowerCase(Locale.ROOT))) {
                return FACTORS[u];
            }
        }
        return 0;
    }

    private static boolean isDecimal(String number) {
        int dot = number.indexOf('.');
        if (dot != number.lastIndexOf('.')) {
            return false;
        }
        String digits = number.replace(".", "");
        return !digits.isEmpty();
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("invalid size \"" + Durations.abbreviate(text) + "\": " + reason);
    }
}
