package io.hsu.resources;

import io.hsu.core.WorkerId;
import java.time.Duration;
import java.time.Instant;

/**
 * A limit has been exceeded for the sustained window: the policy has decided, and process control
 * carries out stop and restart decisions ({@link LimitPolicy#stopsWorker()}). Published for every
 * policy except {@link LimitPolicy#NONE} and {@link LimitPolicy#LOG}.
 *
 * @param kind which limit
 * @param limit the limit, in the kind's unit
 * @param value the value that was sampled
 * @param window how long the limit has been exceeded
 * @param severity {@link Severity#EMERGENCY} at twice the limit or more, else {@link Severity#CRITICAL}
 * @param decision what the policy decided
 */
public record ResourceViolation(WorkerId workerId, Instant at, long sequence, LimitKind kind, double limit,
                                double value, Duration window, Severity severity, PolicyDecision decision)
        implements ResourceEvent {

    /** One line for logs: {@code worker 'web': memory.max_rss 3.1e8 > 2.7e8 bytes for 5m, critical -> restart}. */
    public String describe() {
        return "worker '" + workerId + "': " + kind.path() + " " + ResourceLimits.format(value) + " > "
                + ResourceLimits.format(limit) + " " + kind.unit() + " for " + window + ", " + severity.yamlName()
                + " -> " + decision.policy().yamlName();
    }
}
