package io.hsu.master;

import io.hsu.core.WorkerId;
import io.hsu.core.event.WorkerEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * A worker's health verdict changed (after the probe's thresholds).
 *
 * <p>Immutable and thread-safe.
 *
 * @param workerId the worker
 * @param at when
 * @param sequence 0: health events are not numbered with the lifecycle events
 * @param probe startup, readiness or liveness
 * @param healthy the new verdict
 * @param detail the last check's result, for people
 */
public record WorkerHealthChanged(WorkerId workerId, Instant at, long sequence, String probe, boolean healthy, String detail)
        implements WorkerEvent {
    /** @throws NullPointerException if a reference is null */
    public WorkerHealthChanged {
        Objects.requireNonNull(workerId, "workerId must not be null");
        Objects.requireNonNull(at, "at must not be null");
        Objects.requireNonNull(probe, "probe must not be null");
        Objects.requireNonNull(detail, "detail must not be null");
    }
}
