package io.hsu.processcontrol;

import io.hsu.core.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How often and how fast one kind of failure is retried: {@code max_retries} restarts within the
 * sliding window, the first after {@code retry_delay}, each next one {@code backoff_rate} times
 * longer. One of {@code context_aware_restart.default}, {@code health_failures} and
 * {@code resource_violations}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxRetries restarts allowed within the window, >= 0 (0: the first failure opens the circuit)
 * @param retryDelay the delay before the first restart, >= 0
 * @param backoffRate the factor between consecutive delays, >= 1.0
 */
public record RetryBudget(int maxRetries, Duration retryDelay, double backoffRate) {
    /**
     * @throws IllegalArgumentException if {@code maxRetries < 0}, {@code retryDelay} is negative or
     *     {@code backoffRate} is below 1.0 or not finite
     */
    public RetryBudget {
        Objects.requireNonNull(retryDelay, "retryDelay must not be null");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, but was " + maxRetries);
        }
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("retryDelay must be >= 0, but was " + Durations.format(retryDelay));
        }
        if (!(backoffRate >= 1.0) || Double.isInfinite(backoffRate)) {
            throw new IllegalArgumentException("backoffRate must be >= 1.0, but was " + backoffRate);
        }
    }

    /** Same as the constructor. */
    public static RetryBudget of(int maxRetries, Duration retryDelay, double backoffRate) {
        return new RetryBudget(maxRetries, retryDelay, backoffRate);
    }
}
