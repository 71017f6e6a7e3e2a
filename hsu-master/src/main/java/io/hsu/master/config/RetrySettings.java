package io.hsu.master.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One entry of {@code context_aware_restart} ({@code default}, {@code health_failures},
 * {@code resource_violations}): delay of attempt n = retryDelay x backoffRate^(n-1).
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxRetries restarts allowed in the window before the circuit opens (>= 0)
 * @param retryDelay the first delay
 * @param backoffRate the growth factor (>= 1.0)
 */
public record RetrySettings(int maxRetries, Duration retryDelay, double backoffRate) {
    /** The Go master's defaults: 3 retries, 5s, x1.5. */
    public static final RetrySettings DEFAULTS = new RetrySettings(3, Duration.ofSeconds(5), 1.5);

    /** @throws IllegalArgumentException for a negative count or delay, or a rate below 1.0 */
    public RetrySettings {
        Objects.requireNonNull(retryDelay, "retryDelay must not be null");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, but was " + maxRetries);
        }
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("retryDelay must be >= 0, but was " + retryDelay);
        }
        if (!(backoffRate >= 1.0) || Double.isInfinite(backoffRate)) {
            throw new IllegalArgumentException("backoffRate must be >= 1.0, but was " + backoffRate);
        }
    }
}
