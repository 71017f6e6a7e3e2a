package io.hsu.logs;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A log alert: a line matching {@code pattern} raises {@link LogEvent.AlertRaised}, at most once per
 * {@code rateLimit} per worker and rule (lines matched in between are counted in the next event).
 * Immutable and thread-safe.
 */
public record AlertRule(Pattern pattern, Duration rateLimit) {
    public AlertRule {
        Objects.requireNonNull(pattern, "pattern must not be null");
        Objects.requireNonNull(rateLimit, "rateLimit must not be null");
        if (rateLimit.isNegative()) {
            throw new IllegalArgumentException("rateLimit must not be negative, but was " + rateLimit);
        }
    }

    /** A rule for {@code regex}. @throws java.util.regex.PatternSyntaxException if it is not a valid regex */
    public static AlertRule of(String regex, Duration rateLimit) {
        return new AlertRule(Pattern.compile(regex), rateLimit);
    }
}
