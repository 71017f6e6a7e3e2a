package io.hsu.health;

import io.hsu.core.WorkerId;
import io.hsu.core.event.WorkerEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link HealthChecker} publishes, only when something changes: the startup probe passed or
 * gave up, readiness flipped, the liveness probe reached its failure threshold, or a probe's
 * status changed. Sequence numbers count this checker's events from 1.
 *
 * <p>All events are immutable and thread-safe.
 */
public sealed interface HealthEvent extends WorkerEvent {

    /**
     * The worker counts as started: its startup probe passed, or it has none (then this is published
     * by {@link HealthChecker#start()}). The readiness and liveness probes run from now on.
     *
     * @param message the passing check's message, or "no startup probe"
     */
    record StartupSucceeded(WorkerId workerId, Instant at, long sequence, String message) implements HealthEvent {
        public StartupSucceeded {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The startup probe reached its failure threshold: the start failed, and every probe of this
     * checker has stopped. Process control fails the start with {@link #reason()}.
     *
     * @param reason for people, such as {@code startup probe tcp 127.0.0.1:8080 failed 3 times in a row: connection refused}
     * @param lastResult the last failed check
     */
    record StartupFailed(WorkerId workerId, Instant at, long sequence, String reason, ProbeResult lastResult)
            implements HealthEvent {
        public StartupFailed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(lastResult, "lastResult");
        }
    }

    /**
     * Readiness changed. Without a readiness probe the worker becomes ready when it has started.
     *
     * @param reason the check's message, or why readiness was assumed
     */
    record ReadinessChanged(WorkerId workerId, Instant at, long sequence, boolean ready, String reason)
            implements HealthEvent {
        public ReadinessChanged {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The liveness probe reached its failure threshold. Process control restarts the worker with
     * trigger HEALTH_FAILURE. Published once each time the probe turns unhealthy.
     *
     * @param reason for people, such as {@code liveness probe http GET ... failed 3 times in a row: HTTP 503}
     * @param lastResult the last failed check
     */
    record LivenessFailed(WorkerId workerId, Instant at, long sequence, String reason, ProbeResult lastResult)
            implements HealthEvent {
        public LivenessFailed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(lastResult, "lastResult");
        }
    }

    /**
     * The status of the probe of {@code role} changed (for example healthy to degraded).
     *
     * @param lastResult the check that caused the change
     */
    record ProbeStatusChanged(WorkerId workerId, Instant at, long sequence, ProbeRole role, HealthStatus from,
                              HealthStatus to, ProbeResult lastResult) implements HealthEvent {
        public ProbeStatusChanged {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(lastResult, "lastResult");
        }
    }
}
