package io.hsu.master.internal;

import io.hsu.core.Durations;
import io.hsu.master.config.RestartSettings;
import io.hsu.master.config.RetrySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Decides whether and when a worker is started again: delay of attempt n = retry_delay x
 * backoff_rate^(n-1) x profile multiplier, capped at max_delay, with +/- jitter; at most
 * max_retries restarts in the sliding window, then the budget is spent. A run that lasted
 * reset_after forgets the earlier restarts. Pure apart from its history: time comes in as
 * arguments, randomness through {@code random} (0..1).
 *
 * <p>Not thread-safe: owned by one worker's serial executor.
 */
final class RestartBudget {
    private final RestartSettings settings;
    private final DoubleSupplier random;
    private final Deque<Instant> restarts = new ArrayDeque<>();

    RestartBudget(RestartSettings settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
    }

    /**
     * The delay before the next start after a run that began at {@code runStart} and ended at
     * {@code now}, or empty when the budget is spent; records the restart.
     */
    Optional<Duration> next(Instant runStart, Instant now, RetrySettings retry) {
        if (Duration.between(runStart, now).compareTo(settings.resetAfter()) >= 0) {
            restarts.clear();
        }
        while (!restarts.isEmpty() && Duration.between(restarts.peekFirst(), now).compareTo(settings.window()) >= 0) {
            restarts.pollFirst();
        }
        int attempt = restarts.size() + 1;
        if (attempt > retry.maxRetries()) {
            return Optional.empty();
        }
        restarts.addLast(now);
        double nanos = retry.retryDelay().toNanos() * Math.pow(retry.backoffRate(), attempt - 1) * settings.multiplier();
        nanos = Math.min(nanos, settings.maxDelay().toNanos());
        double jitter = settings.jitter() * (2 * random.getAsDouble() - 1);
        nanos = Math.max(0, Math.min(nanos * (1 + jitter), settings.maxDelay().toNanos()));
        return Optional.of(Duration.ofNanos((long) nanos));
    }

    /** Restarts counted in the window now. */
    int recentRestarts() {
        return restarts.size();
    }

    /** Says {@code restart budget spent: 3 restarts within 10m}. */
    String spentReason(RetrySettings retry) {
        return "restart budget spent: " + retry.maxRetries() + " restarts within " + Durations.format(settings.window());
    }
}
