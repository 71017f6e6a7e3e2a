package io.hsu.health.internal;

import io.hsu.core.Durations;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** Shared wording of probe messages. */
final class Messages {
    /** How much command output or error text a message keeps. */
    static final int MAX_DETAIL = 1024;

    private Messages() {}

    static String noAnswer(String what, Duration timeout) {
        return what + ": no answer within " + Durations.format(timeout);
    }

    /** The most specific message in a cause chain, or the exception's class name. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e.getClass().getSimpleName();
    }

    /** Whitespace runs folded to one blank, trimmed, and cut to {@link #MAX_DETAIL} characters. */
    static String oneLine(String text) {
        String folded = text.strip().replaceAll("\\s+", " ");
        return folded.length() <= MAX_DETAIL ? folded : folded.substring(0, MAX_DETAIL) + "...";
    }

    /** A duration people read: whole seconds from 1s up, milliseconds below. */
    static String age(Duration d) {
        if (d.isNegative()) {
            return "in the future (" + Durations.format(d.negated().truncatedTo(ChronoUnit.MILLIS)) + " ahead)";
        }
        Duration shown = d.compareTo(Duration.ofSeconds(1)) >= 0 ? d.truncatedTo(ChronoUnit.SECONDS) : d.truncatedTo(ChronoUnit.MILLIS);
        return Durations.format(shown) + " ago";
    }
}
