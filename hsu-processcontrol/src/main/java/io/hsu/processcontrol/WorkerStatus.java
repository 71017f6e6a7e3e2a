package io.hsu.processcontrol;

import io.hsu.statemachine.WorkerSnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A worker's status at one point: the lifecycle snapshot, when its process last started, whether it
 * was adopted, whether the circuit is open and until when, and what the attached extensions
 * (health probes, resource monitors) report, by extension name.
 *
 * <p>Immutable and thread-safe.
 *
 * @param lifecycle state, pid, restart count, last exit
 * @param lastStart when the current or last process started
 * @param adopted whether the current process was adopted rather than spawned
 * @param circuitOpenUntil when the circuit opened, the time a restart may be tried again
 * @param extensions each extension's {@link WorkerExtension#status()}, by {@link WorkerExtension#name()}
 */
public record WorkerStatus(WorkerSnapshot lifecycle, Optional<Instant> lastStart, boolean adopted,
                           Optional<Instant> circuitOpenUntil, Map<String, Object> extensions) {
    public WorkerStatus {
        extensions = Map.copyOf(extensions);
    }
}
