package io.hsu.processcontrol;

import io.hsu.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link RestartPolicy} decided. The caller acts on it: schedules the restart, opens the
 * circuit (FAILED with the retry time), leaves the worker EXITED, or ignores the failure.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface RestartDecision
        permits RestartDecision.RestartAfter, RestartDecision.CircuitOpen, RestartDecision.NoRestart,
        RestartDecision.Ignored {

    /** Why, in words for status lines and events. */
    String reason();

    /**
     * Restart after {@code delay}.
     *
     * @param delay the backoff delay, already capped and jittered
     * @param attempt 1 for the first restart in the window
     * @param reason for example {@code "exited 1; restart 2 of 3 in 7.5s"}
     */
    record RestartAfter(Duration delay, int attempt, String reason) implements RestartDecision {
        public RestartAfter {
            Objects.requireNonNull(delay, "delay must not be null");
            Objects.requireNonNull(reason, "reason must not be null");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must be >= 0, but was " + Durations.format(delay));
            }
        }
    }

    /**
     * The restart budget is spent: the worker goes to FAILED until {@code retryAt}, when the window
     * frees a restart.
     */
    record CircuitOpen(Instant retryAt, String reason) implements RestartDecision {
        public CircuitOpen {
            Objects.requireNonNull(retryAt, "retryAt must not be null");
            Objects.requireNonNull(reason, "reason must not be null");
        }
    }

    /** No restart: the mode does not ask for one (for example a successful exit under on-failure). */
    record NoRestart(String reason) implements RestartDecision {
        public NoRestart {
            Objects.requireNonNull(reason, "reason must not be null");
        }
    }

    /** The failure is ignored and the process keeps running (for example inside the startup grace period). */
    record Ignored(String reason) implements RestartDecision {
        public Ignored {
            Objects.requireNonNull(reason, "reason must not be null");
        }
    }
}
