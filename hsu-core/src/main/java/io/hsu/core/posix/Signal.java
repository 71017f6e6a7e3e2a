package io.hsu.core.posix;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The standard Linux signals with their numbers (identical on x86_64 and aarch64). Configs name
 * them without the {@code SIG} prefix ({@code stop_signal: TERM}); {@link #fromName} also accepts
 * {@code SIGTERM} and lower case. Real-time signals (34 to 64) have no constant here; APIs that
 * report a signal number keep the raw number next to the optional constant.
 *
 * <p>Immutable and thread-safe.
 */
public enum Signal {
    HUP(1), INT(2), QUIT(3), ILL(4), TRAP(5), ABRT(6), BUS(7), FPE(8), KILL(9), USR1(10),
    SEGV(11), USR2(12), PIPE(13), ALRM(14), TERM(15), STKFLT(16), CHLD(17), CONT(18), STOP(19),
    TSTP(20), TTIN(21), TTOU(22), URG(23), XCPU(24), XFSZ(25), VTALRM(26), PROF(27), WINCH(28),
    IO(29), PWR(30), SYS(31);

    private static final Signal[] BY_NUMBER = new Signal[32];

    static {
        for (Signal s : values()) {
            BY_NUMBER[s.number] = s;
        }
    }

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    /** The Linux signal number, for example 15 for {@link #TERM}. */
    public int number() {
        return number;
    }

    /** The C name, for example {@code "SIGTERM"}. */
    public String signalName() {
        return "SIG" + name();
    }

    /** The signal with this Linux number, or empty for 0, real-time and unknown numbers. */
    public static Optional<Signal> fromNumber(int number) {
        return number > 0 && number < BY_NUMBER.length ? Optional.ofNullable(BY_NUMBER[number]) : Optional.empty();
    }

    /**
     * The signal with this name: {@code "TERM"}, {@code "SIGTERM"} and {@code "term"} all give
     * {@link #TERM}; surrounding blanks are ignored. Empty for an unknown name or null.
     */
    public static Optional<Signal> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String upper = name.strip().toUpperCase(Locale.ROOT);
        if (upper.startsWith("SIG")) {
            upper = upper.substring(3);
        }
        for (Signal s : values()) {
            if (s.name().equals(upper)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Like {@link #fromName} but also accepts a number ({@code "15"}), and fails with a message
     * that lists the valid names.
     *
     * @throws IllegalArgumentException if {@code text} names no signal, for example
     *     {@code unknown signal 'TREM'; expected a number from 1 to 31 or one of HUP, INT, ...}
     */
    public static Signal parse(String text) {
        Optional<Signal> byName = fromName(text);
        if (byName.isPresent()) {
            return byName.get();
        }
        if (text != null && !text.isBlank() && text.strip().chars().allMatch(c -> c >= '0' && c <= '9')
                && text.strip().length() <= 3) {
            Optional<Signal> byNumber = fromNumber(Integer.parseInt(text.strip()));
            if (byNumber.isPresent()) {
                return byNumber.get();
            }
        }
        throw new IllegalArgumentException("unknown signal '" + text + "'; expected a number from 1 to 31 or one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** A readable name for any signal number: {@code "SIGTERM"}, or {@code "signal 40"}. */
    public static String describe(int number) {
        return fromNumber(number).map(Signal::signalName).orElse("signal " + number);
    }
}
