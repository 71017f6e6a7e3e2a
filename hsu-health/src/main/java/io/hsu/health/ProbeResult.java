package io.hsu.health;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one check: healthy or not, a message a person can read ("HTTP 503 from
 * http://127.0.0.1:8080/health"), and how long the check took.
 *
 * <p>Immutable and thread-safe.
 *
 * @param healthy whether the check passed
 * @param message what the check saw; never null, may be empty
 * @param latency how long the check took; zero when not measured
 */
public record ProbeResult(boolean healthy, String message, Duration latency) {
    /** @throws NullPointerException if message or latency is null */
    public ProbeResult {
        Objects.requireNonNull(message, "message must not be null");
        Objects.requireNonNull(latency, "latency must not be null");
    }

    /** A passed check with no latency measured yet. */
    public static ProbeResult healthy(String message) {
        return new ProbeResult(true, message, Duration.ZERO);
    }

    /** A failed check with no latency measured yet. */
    public static ProbeResult unhealthy(String message) {
        return new ProbeResult(false, message, Duration.ZERO);
    }

    /** The same result with {@code latency}. */
    public ProbeResult withLatency(Duration latency) {
        return new ProbeResult(healthy, message, latency);
    }
}
