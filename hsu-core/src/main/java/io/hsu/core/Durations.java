package io.hsu.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Reads and writes durations in Go syntax ({@code 300ms}, {@code 5s}, {@code 1h30m}, {@code 1.5h}),
 * plus the units {@code d} (24 hours) and {@code w} (7 days), as used in the HSU YAML config.
 *
 * <p>Units: {@code ns}, {@code us} (also {@code µs} and {@code μs}), {@code ms}, {@code s},
 * {@code m}, {@code h}, {@code d}, {@code w}. Units are case-sensitive; numbers use ASCII digits and
 * may have a fraction ({@code 1.5h}, {@code .5s}); a bare {@code 0} needs no unit. Fractions finer
 * than a nanosecond are truncated, as Go does. Negative durations are refused: HSU never needs them.
 * The largest accepted value is {@link #MAX} (2^63-1 nanoseconds, about 292 years, Go's limit).
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {
    /** The largest duration {@link #parse} accepts: {@code Long.MAX_VALUE} nanoseconds. */
    public static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

    private static final String UNIT_HINT = "(use ns, us, ms, s, m, h, d, w)";
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L,
            "d", NANOS_PER_DAY, "w", 7 * NANOS_PER_DAY);
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final String[] FORMAT_UNITS = {"d", "h", "m", "s", "ms", "us", "ns"};
    private static final long[] FORMAT_NANOS = {
        NANOS_PER_DAY, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};

    private Durations() {
    }

    /**
     * Parses a Go-style duration such as {@code 1h30m}; surrounding whitespace is ignored.
     *
     * @throws IllegalArgumentException if the text is empty, negative, malformed, has an unknown
     *     or missing unit, or exceeds {@link #MAX}; the message quotes the text and says what is wrong
     * @throws NullPointerException if text is null
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new NullPointerException("duration text must not be null");
        }
        String s = text.strip();
        if (s.isEmpty()) {
            throw invalid(text, "is empty");
        }
        int i = 0;
        if (s.charAt(0) == '-') {
            throw invalid(text, "negative durations are not allowed");
        }
        if (s.charAt(0) == '+') {
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw invalid(text, "expected a number after the sign");
        }
        BigDecimal total = BigDecimal.ZERO;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && isAsciiDigit(s.charAt(i))) {
                i++;
            }
            boolean hasIntegerDigits = i > numberStart;
            boolean hasFractionDigits = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                while (i < s.length() && isAsciiDigit(s.charAt(i))) {
                    i++;
                }
                hasFractionDigits = i > fractionStart;
            }
            if (!hasIntegerDigits && !hasFractionDigits) {
                throw invalid(text, "expected a number at \"" + abbreviate(s.substring(numberStart)) + "\"");
            }
            String number = s.substring(numberStart, i);
            int unitStart = i;
            while (i < s.length() && !isAsciiDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw invalid(text, "missing unit after \"" + abbreviate(number) + "\" " + UNIT_HINT);
            }
            Long unitNanos = UNIT_NANOS.get(unit);
            if (unitNanos == null) {
                throw invalid(text, "unknown unit \"" + abbreviate(unit) + "\" " + UNIT_HINT);
            }
            BigDecimal value = new BigDecimal(number.endsWith(".") ? number + "0" : number);
            total = total.add(value.multiply(BigDecimal.valueOf(unitNanos)));
            if (total.compareTo(MAX_NANOS) > 0) {
                throw invalid(text, "larger than the maximum " + format(MAX));
            }
        }
        return Duration.ofNanos(total.setScale(0, RoundingMode.DOWN).longValueExact());
    }

    /**
     * Formats a duration as compact Go-like text: non-zero parts from the largest unit down, among
     * {@code d, h, m, s, ms, us, ns} (weeks are never used), for example {@code 1d2h}, {@code 1h30m},
     * {@code 1s500ms}; zero is {@code 0s}. {@code parse(format(d)).equals(d)} holds for every
     * {@code d} from zero to {@link #MAX}. Negative durations get a leading {@code -} (for messages;
     * {@link #parse} refuses them), and longer ones are still formatted exactly.
     *
     * @throws NullPointerException if duration is null
     */
    public static String format(Duration duration) {
        if (duration == null) {
            throw new NullPointerException("duration must not be null");
        }
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        BigDecimal remaining = new BigDecimal(duration.getSeconds()).movePointRight(9)
                .add(BigDecimal.valueOf(duration.getNano()));
        if (remaining.signum() < 0) {
            out.append('-');
            remaining = remaining.negate();
        }
        for (int u = 0; u < FORMAT_UNITS.length; u++) {
            BigDecimal[] parts = remaining.divideAndRemainder(BigDecimal.valueOf(FORMAT_NANOS[u]));
            if (parts[0].signum() != 0) {
                out.append(parts[0].toBigInteger()).append(FORMAT_UNITS[u]);
            }
            remaining = parts[1];
        }
        return out.toString();
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("invalid duration \"" + abbreviate(text) + "\": " + reason);
    }

    /** Keeps messages short when someone feeds a megabyte of garbage. */
    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
