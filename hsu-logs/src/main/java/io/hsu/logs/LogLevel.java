package io.hsu.logs;

import java.util.Locale;
import java.util.Optional;

/** Severity of a log line, detected from a parsed field or the text. Ordered from least to most severe. */
public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    FATAL;

    /**
     * The level named by {@code text} (case-insensitive): trace, debug, info, notice (info), warn,
     * warning, error, err, fatal, critical, crit, panic, emerg, alert (fatal); empty if none matches.
     */
    public static Optional<LogLevel> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "trace": return Optional.of(TRACE);
            case "debug": case "dbg": return Optional.of(DEBUG);
            case "info": case "information": case "notice": return Optional.of(INFO);
            case "warn": case "warning": return Optional.of(WARN);
            case "error": case "err": return Optional.of(ERROR);
            case "fatal": case "critical": case "crit": case "panic": case "emerg": case "emergency": case "alert":
                return Optional.of(FATAL);
            default: return Optional.empty();
        }
    }

    /** Lower-case name, as in configs ({@code level_filter: warn}). */
    public String label() {
        return label;
    }

    private final String label = name().toLowerCase(Locale.ROOT);
}
