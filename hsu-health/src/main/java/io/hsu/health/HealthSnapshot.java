package io.hsu.health;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A worker's health at one moment, as {@link HealthChecker#snapshot()} returns it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param started whether the startup probe has passed (or there is none and the checker was started)
 * @param startupFailure why the startup probe gave up, if it did
 * @param ready whether the worker is ready (readiness probe passing; without one, {@code started})
 * @param liveness the liveness probe's status; {@link HealthStatus#UNKNOWN} without a liveness probe
 * @param probes the configured probes' snapshots, by role
 * @param lastResult the most recent result of any probe
 */
public record HealthSnapshot(boolean started, Optional<String> startupFailure, boolean ready, HealthStatus liveness,
                             Map<ProbeRole, ProbeSnapshot> probes, Optional<ProbeResult> lastResult) {
    public HealthSnapshot {
        Objects.requireNonNull(startupFailure, "startupFailure");
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(lastResult, "lastResult");
        probes = probes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(probes));
    }

    /** The last result's message, or empty text when no check has completed. */
    public String lastMessage() {
        return lastResult.map(ProbeResult::message).orElse("");
    }

    /** The last result's latency, or zero when no check has completed. */
    public Duration lastLatency() {
        return lastResult.map(ProbeResult::latency).orElse(Duration.ZERO);
    }

    /** The status of the probe of {@code role}; {@link HealthStatus#UNKNOWN} when it is not configured. */
    public HealthStatus status(ProbeRole role) {
        ProbeSnapshot p = probes.get(role);
        return p == null ? HealthStatus.UNKNOWN : p.status();
    }
}
