package io.hsu.master.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how often a check runs, and how many results change its verdict: {@code run_options}
 * of a health check (retries = failure threshold) or the timing fields of a probe.
 *
 * <p>Immutable and thread-safe.
 *
 * @param enabled whether the check runs at all
 * @param initialDelay wait after the start before the first check
 * @param period time between checks
 * @param timeout time one check may take
 * @param successThreshold consecutive passes that make it healthy
 * @param failureThreshold consecutive failures that make it unhealthy
 */
public record CheckTiming(boolean enabled, Duration initialDelay, Duration period, Duration timeout,
                          int successThreshold, int failureThreshold) {
    /** @throws IllegalArgumentException for a non-positive period, timeout or threshold */
    public CheckTiming {
        Objects.requireNonNull(initialDelay, "initialDelay must not be null");
        Objects.requireNonNull(period, "period must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be > 0, but was " + period);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be > 0, but was " + timeout);
        }
        if (successThreshold < 1 || failureThreshold < 1) {
            throw new IllegalArgumentException("thresholds must be >= 1, but were " + successThreshold + " and " + failureThreshold);
        }
    }
}
