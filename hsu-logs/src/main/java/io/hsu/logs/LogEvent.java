package io.hsu.logs;

import io.hsu.core.WorkerId;
import io.hsu.core.event.WorkerEvent;
import java.time.Instant;

/** Facts the log pipeline reports: output failures and recoveries, dropped lines and log alerts. Immutable. */
public sealed interface LogEvent extends WorkerEvent
        permits LogEvent.OutputFailed, LogEvent.OutputRecovered, LogEvent.LinesDropped, LogEvent.AlertRaised {

    /**
     * An output started failing (disk full, directory not writable, server down); reported once per
     * episode while the output retries. {@code workerId} is the worker whose lines were being written.
     */
    record OutputFailed(WorkerId workerId, Instant at, long sequence, String output, String error) implements LogEvent {
    }

    /** An output works again after {@code failedFor}; {@code retries} attempts failed in the episode. */
    record OutputRecovered(WorkerId workerId, Instant at, long sequence, String output, java.time.Duration failedFor,
                           long retries) implements LogEvent {
    }

    /**
     * An output's overflow policy dropped lines. Raised when an episode starts ({@code lines} so far)
     * and when it ends ({@code ended}, with the episode's total); {@link OutputStats} has the running total.
     */
    record LinesDropped(WorkerId workerId, Instant at, long sequence, String output, long lines, boolean ended)
            implements LogEvent {
    }

    /** A line matched an alert rule; {@code suppressed} matches were held back by the rate limit since the last event. */
    record AlertRaised(WorkerId workerId, Instant at, long sequence, String pattern, String line, LogStream stream,
                       long suppressed) implements LogEvent {
    }
}
