package io.hsu.resources;

import io.hsu.core.WorkerId;
import java.time.Instant;

/**
 * With {@code enforcement.cgroup: auto}, the worker's cgroup could not be made (or a controller was
 * missing): it runs with monitoring only. Published once, when monitoring starts.
 *
 * @param reason what was missing, as {@link EnforcementException} would have said it
 */
public record EnforcementDegraded(WorkerId workerId, Instant at, long sequence, String reason)
        implements ResourceEvent {
}
