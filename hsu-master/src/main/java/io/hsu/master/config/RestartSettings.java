package io.hsu.master.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * When and how fast a managed worker is restarted: {@code restart_policy}, {@code success_exit_codes}
 * and {@code context_aware_restart}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mode the restart policy
 * @param successExitCodes exit codes that count as success
 * @param onExit retries after the process ends ({@code default})
 * @param healthFailures retries after liveness failures
 * @param resourceViolations retries after limit violations
 * @param startupGracePeriod from each start, health and limit failures inside it do not restart
 * @param maxDelay cap on any delay
 * @param jitter +/- fraction applied to each delay (0..1)
 * @param window restarts are counted in this sliding window
 * @param resetAfter stable uptime that forgets earlier failures
 * @param multiplier the worker's profile multiplier applied to every delay
 */
public record RestartSettings(RestartMode mode, Set<Integer> successExitCodes, RetrySettings onExit,
                              RetrySettings healthFailures, RetrySettings resourceViolations,
                              Duration startupGracePeriod, Duration maxDelay, double jitter, Duration window,
                              Duration resetAfter, double multiplier) {
    /** on-failure, success code 0, the Go defaults, 5m cap, 10% jitter, 10m window and reset. */
    public static final RestartSettings DEFAULTS = new RestartSettings(RestartMode.ON_FAILURE, Set.of(0),
            RetrySettings.DEFAULTS, RetrySettings.DEFAULTS, new RetrySettings(5, Duration.ofSeconds(10), 1.5),
            Duration.ofMinutes(2), Duration.ofMinutes(5), 0.1, Duration.ofMinutes(10), Duration.ofMinutes(10), 1.0);

    /** @throws NullPointerException if an argument is null; @throws IllegalArgumentException for bad numbers */
    public RestartSettings {
        Objects.requireNonNull(mode, "mode must not be null");
        successExitCodes = Set.copyOf(successExitCodes);
        Objects.requireNonNull(onExit, "onExit must not be null");
        Objects.requireNonNull(healthFailures, "healthFailures must not be null");
        Objects.requireNonNull(resourceViolations, "resourceViolations must not be null");
        Objects.requireNonNull(startupGracePeriod, "startupGracePeriod must not be null");
        Objects.requireNonNull(maxDelay, "maxDelay must not be null");
        Objects.requireNonNull(window, "window must not be null");
        Objects.requireNonNull(resetAfter, "resetAfter must not be null");
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, but was " + jitter);
        }
        if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be > 0, but was " + multiplier);
        }
    }

    /** These settings with another mode. */
    public RestartSettings withMode(RestartMode newMode) {
        return new RestartSettings(newMode, successExitCodes, onExit, healthFailures, resourceViolations,
                startupGracePeriod, maxDelay, jitter, window, resetAfter, multiplier);
    }
}
