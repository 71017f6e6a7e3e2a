package io.hsu.core.event;

import io.hsu.core.WorkerId;
import java.time.Instant;

/**
 * A fact about one worker. Each module defines its own sealed family below this (lifecycle,
 * health, resource, log events). Events of one worker carry increasing {@link #sequence()}
 * numbers in the order they happened. Implementations are immutable and thread-safe.
 */
public interface WorkerEvent {
    /** The worker this happened to. */
    WorkerId workerId();

    /** When it happened, by the worker's clock. */
    Instant at();

    /** Position in the worker's event order; 0 where a source does not number its events. */
    long sequence();
}
