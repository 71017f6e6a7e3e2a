package io.hsu.resources;

import io.hsu.core.WorkerId;
import java.time.Duration;
import java.time.Instant;

/**
 * A value has stayed above its warning threshold (a percent of its limit) for at least the spike
 * tolerance. Severity is always {@link Severity#WARNING}.
 *
 * @param kind which limit
 * @param limit the limit, in the kind's unit
 * @param threshold the warning threshold, in the kind's unit
 * @param value the value that was sampled
 * @param window how long the value has been above the threshold
 */
public record ResourceWarning(WorkerId workerId, Instant at, long sequence, LimitKind kind, double limit,
                              double threshold, double value, Duration window) implements ResourceEvent {
    public Severity severity() {
        return Severity.WARNING;
    }
}
