package io.hsu.processcontrol;

import io.hsu.core.ExitStatus;
import io.hsu.core.WorkerId;
import io.hsu.core.event.WorkerEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * What happened to a worker's process, beside its state changes ({@link ProcessControl#lifecycle()}):
 * started with a pid, exited with a status, a restart scheduled after a delay, the circuit opened.
 * {@link #sequence()} is the sequence of the lifecycle snapshot current when it was published.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface ProcessEvent extends WorkerEvent
        permits ProcessEvent.Started, ProcessEvent.Exited, ProcessEvent.RestartScheduled, ProcessEvent.CircuitOpened {

    /** A process started (or was adopted: {@code adopted} is true, its exit status will be unknown). */
    record Started(WorkerId workerId, Instant at, long sequence, long pid, boolean adopted) implements ProcessEvent {
    }

    /** The worker's process exited with {@code status}. */
    record Exited(WorkerId workerId, Instant at, long sequence, long pid, ExitStatus status) implements ProcessEvent {
    }

    /** A restart will happen after {@code delay}. */
    record RestartScheduled(WorkerId workerId, Instant at, long sequence, RestartTrigger trigger, int attempt,
                            Duration delay, String reason) implements ProcessEvent {
    }

    /** The restart budget is spent; the worker is FAILED until {@code retryAt}. */
    record CircuitOpened(WorkerId workerId, Instant at, long sequence, Instant retryAt, String reason)
            implements ProcessEvent {
    }
}
