package io.hsu.statemachine;

import java.util.Locale;

/**
 * What a user (the CLI, the API, the master) can ask of a worker. {@link WorkerState#allows}
 * says in which states each is allowed; {@link WorkerState#firstStepOf} says where it leads.
 *
 * <p>Immutable and thread-safe.
 */
public enum Operation {
    /** Start the process (also: start now, skipping the rest of a backoff). */
    START,
    /** Stop the process tree and keep it stopped. */
    STOP,
    /** Stop, then start again (stopping -&gt; starting); starts a worker that has no process. */
    RESTART,
    /** Forget the worker; only when it has no process and nothing is pending. */
    REMOVE;

    private final String displayName = name().toLowerCase(Locale.ROOT);

    /** The lower-case name users type and read: {@code restart}. */
    public String displayName() {
        return displayName;
    }
}
