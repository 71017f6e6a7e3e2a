package io.hsu.master.config;

import java.util.Objects;

/**
 * A check with its timing.
 *
 * <p>Immutable and thread-safe.
 *
 * @param check what is checked
 * @param timing when, and the thresholds
 */
public record Probe(HealthCheck check, CheckTiming timing) {
    /** @throws NullPointerException if an argument is null */
    public Probe {
        Objects.requireNonNull(check, "check must not be null");
        Objects.requireNonNull(timing, "timing must not be null");
    }
}
