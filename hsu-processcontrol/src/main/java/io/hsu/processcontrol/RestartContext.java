package io.hsu.processcontrol;

import io.hsu.core.ExitStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link RestartPolicy#decide} looks at: what happened, how bad it is, the history,
 * when the process last started, and now.
 *
 * <p>Immutable and thread-safe.
 *
 * @param trigger why a restart is considered
 * @param exit how the process ended, for {@link RestartTrigger#PROCESS_EXIT}; empty otherwise
 * @param severity how serious the failure is ({@link Severity#CRITICAL} for exits)
 * @param history earlier restarts
 * @param lastStart when the process last started; empty if it never ran
 * @param now the decision time, from the worker's clock
 */
public record RestartContext(RestartTrigger trigger, Optional<ExitStatus> exit, Severity severity,
                             RestartHistory history, Optional<Instant> lastStart, Instant now) {
    public RestartContext {
        Objects.requireNonNull(trigger, "trigger must not be null");
        Objects.requireNonNull(exit, "exit must not be null");
        Objects.requireNonNull(severity, "severity must not be null");
        Objects.requireNonNull(history, "history must not be null");
        Objects.requireNonNull(lastStart, "lastStart must not be null");
        Objects.requireNonNull(now, "now must not be null");
    }

    /** The process ended with {@code status}. */
    public static RestartContext exit(ExitStatus status, RestartHistory history, Instant lastStart, Instant now) {
        return new RestartContext(RestartTrigger.PROCESS_EXIT, Optional.of(status), Severity.CRITICAL, history,
                Optional.ofNullable(lastStart), now);
    }

    /** A health failure or resource violation of {@code severity}. */
    public static RestartContext failure(RestartTrigger trigger, Severity severity, RestartHistory history,
                                         Instant lastStart, Instant now) {
        return new RestartContext(trigger, Optional.empty(), severity, history, Optional.ofNullable(lastStart), now);
    }
}
