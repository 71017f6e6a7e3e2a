package io.hsu.resources;

import java.time.Duration;
import java.util.Objects;

/**
 * The time rules of {@code context_aware_restart} that limits honour: an excursion above a limit
 * shorter than {@code spikeTolerance} is ignored, and a policy acts only once the limit has been
 * exceeded for {@code sustained} (or for {@code spikeTolerance}, if that is longer).
 *
 * @param spikeTolerance excursions shorter than this are ignored (no event)
 * @param sustained how long a limit must be exceeded before its policy acts
 */
public record ViolationWindows(Duration spikeTolerance, Duration sustained) {
    /** The CONFIG.md defaults: no spike tolerance, 5 minutes sustained. */
    public static final ViolationWindows DEFAULT = new ViolationWindows(Duration.ZERO, Duration.ofMinutes(5));

    /** @throws IllegalArgumentException if a duration is negative */
    public ViolationWindows {
        Objects.requireNonNull(spikeTolerance, "spikeTolerance must not be null");
        Objects.requireNonNull(sustained, "sustained must not be null");
        if (spikeTolerance.isNegative()) {
            throw new IllegalArgumentException("spikeTolerance must not be negative, but was " + spikeTolerance);
        }
        if (sustained.isNegative()) {
            throw new IllegalArgumentException("sustained must not be negative, but was " + sustained);
        }
    }

    /** How long a limit must be exceeded before its policy acts: the longer of the two. */
    public Duration actAfter() {
        return sustained.compareTo(spikeTolerance) >= 0 ? sustained : spikeTolerance;
    }
}
