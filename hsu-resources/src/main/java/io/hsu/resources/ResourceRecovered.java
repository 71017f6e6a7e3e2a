package io.hsu.resources;

import io.hsu.core.WorkerId;
import java.time.Instant;

/**
 * A value that was reported above its warning threshold or limit is back at or below the threshold.
 *
 * @param kind which limit
 * @param limit the limit, in the kind's unit
 * @param value the value that was sampled
 */
public record ResourceRecovered(WorkerId workerId, Instant at, long sequence, LimitKind kind, double limit,
                                double value) implements ResourceEvent {
}
