package io.hsu.processcontrol;

import io.hsu.core.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The delay before a restart attempt: a pure function of the attempt number.
 *
 * <pre>{@code
 * Backoff backoff = Backoff.exponential(Duration.ofSeconds(5), 1.5, Duration.ofMinutes(5))
 *         .withJitter(0.1, RandomGenerator.of("L64X128MixRandom"));
 * Duration third = backoff.delay(3);   // 5s x 1.5^2 = 11.25s, +/- 10 %, never above 5m
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe, except that a jittered backoff draws from the
 * {@link RandomGenerator} it was given (share it only if that generator is thread-safe).
 */
@FunctionalInterface
public interface Backoff {

    /**
     * The delay before attempt {@code attempt}.
     *
     * @param attempt 1 for the first restart
     * @return a delay in {@code [0, max]}
     * @throws IllegalArgumentException if {@code attempt < 1}
     */
    Duration delay(int attempt);

    /** No delay at all. */
    static Backoff none() {
        return attempt -> {
            checkAttempt(attempt);
            return Duration.ZERO;
        };
    }

    /**
     * {@code initial x multiplier^(attempt - 1)}, capped at {@code max}.
     *
     * @throws IllegalArgumentException if {@code initial} is negative, {@code multiplier < 1.0} or
     *     not finite, or {@code max < initial}
     */
    static Backoff exponential(Duration initial, double multiplier, Duration max) {
        Objects.requireNonNull(initial, "initial must not be null");
        Objects.requireNonNull(max, "max must not be null");
        if (initial.isNegative()) {
            throw new IllegalArgumentException("initial must be >= 0, but was " + Durations.format(initial));
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be >= 1.0, but was " + multiplier);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max (" + Durations.format(max) + ") must be >= initial ("
                    + Durations.format(initial) + ")");
        }
        double initialNanos = initial.toNanos();
        long maxNanos = max.toNanos();
        return attempt -> {
            checkAttempt(attempt);
            double nanos = initialNanos * Math.pow(multiplier, attempt - 1);
            return nanos >= maxNanos ? max : Duration.ofNanos((long) nanos);
        };
    }

    /**
     * This backoff with each delay moved by a random fraction in {@code [-factor, +factor]}, then
     * clamped to {@code [0, cap]} so jitter never breaks the cap.
     *
     * @param factor 0 (no jitter) to 1
     * @param cap the largest delay returned
     * @throws IllegalArgumentException if {@code factor} is outside [0, 1]
     */
    default Backoff withJitter(double factor, Duration cap, RandomGenerator random) {
        Objects.requireNonNull(cap, "cap must not be null");
        Objects.requireNonNull(random, "random must not be null");
        if (!(factor >= 0 && factor <= 1)) {
            throw new IllegalArgumentException("jitter factor must be between 0 and 1, but was " + factor);
        }
        if (factor == 0) {
            return this;
        }
        Backoff base = this;
        long capNanos = cap.toNanos();
        return attempt -> {
            long nanos = base.delay(attempt).toNanos();
            double moved = nanos * (1 + factor * (2 * random.nextDouble() - 1));
            return Duration.ofNanos((long) Math.max(0, Math.min(capNanos, moved)));
        };
    }

    private static void checkAttempt(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, but was " + attempt);
        }
    }
}
