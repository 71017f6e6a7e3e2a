package io.hsu.health;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one probe stands: its status after thresholds, the current runs of successes and failures,
 * and its last result.
 *
 * <p>Immutable and thread-safe.
 *
 * @param role which probe
 * @param status its status after thresholds
 * @param consecutiveSuccesses successes in a row, up to now
 * @param consecutiveFailures failures in a row, up to now
 * @param checks how many checks have completed
 * @param lastResult the last check's result, if any
 * @param lastCheckedAt when the last check completed, if any
 */
public record ProbeSnapshot(ProbeRole role, HealthStatus status, int consecutiveSuccesses, int consecutiveFailures,
                            long checks, Optional<ProbeResult> lastResult, Optional<Instant> lastCheckedAt) {
    public ProbeSnapshot {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastResult, "lastResult");
        Objects.requireNonNull(lastCheckedAt, "lastCheckedAt");
    }

    /** A probe that has not completed a check. */
    public static ProbeSnapshot initial(ProbeRole role) {
        return new ProbeSnapshot(role, HealthStatus.UNKNOWN, 0, 0, 0, Optional.empty(), Optional.empty());
    }
}
