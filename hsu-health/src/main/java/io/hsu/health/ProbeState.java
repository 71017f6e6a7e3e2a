package io.hsu.health;

import java.time.Instant;
import java.util.Optional;

/**
 * The threshold arithmetic of one probe (kubelet's {@code resultRun}): a pure value, the next state
 * from a result. {@code ready} follows Kubernetes readiness: it turns true at the success threshold
 * and false at the failure threshold, and keeps its value in between.
 */
record ProbeState(HealthStatus status, boolean ready, int successes, int failures, long checks,
                  Optional<ProbeResult> lastResult, Optional<Instant> lastAt) {

    static final ProbeState INITIAL = new ProbeState(HealthStatus.UNKNOWN, false, 0, 0, 0, Optional.empty(), Optional.empty());

    ProbeState next(ProbeResult result, Instant at, int successThreshold, int failureThreshold) {
        int s = result.healthy() ? saturatedIncrement(successes) : 0;
        int f = result.healthy() ? 0 : saturatedIncrement(failures);
        HealthStatus nextStatus = status;
        boolean nextReady = ready;
        if (result.healthy()) {
            if (s >= successThreshold) {
                nextStatus = HealthStatus.HEALTHY;
                nextReady = true;
            }
        } else if (f >= failureThreshold) {
            nextStatus = HealthStatus.UNHEALTHY;
            nextReady = false;
        } else if (status != HealthStatus.UNHEALTHY) {
            nextStatus = HealthStatus.DEGRADED;
        }
        return new ProbeState(nextStatus, nextReady, s, f, checks + 1, Optional.of(result), Optional.of(at));
    }

    ProbeSnapshot toSnapshot(ProbeRole role) {
        return new ProbeSnapshot(role, status, successes, failures, checks, lastResult, lastAt);
    }

    private static int saturatedIncrement(int n) {
        return n == Integer.MAX_VALUE ? n : n + 1;
    }
}
