package io.hsu.core;

/**
 * What kind of thing went wrong. The {@code hsu} command maps each kind to an exit code, and the
 * API to an HTTP status, so the kind is part of the contract: add values, never rename them.
 */
public enum ErrorKind {
    /** The configuration is invalid: a file, a builder argument or an API request body. */
    CONFIG,
    /** The command line was invalid. */
    USAGE,
    /** A process could not be started. */
    SPAWN,
    /** A signal could not be delivered. */
    SIGNAL,
    /** Something did not happen within its time budget. */
    TIMEOUT,
    /** The operation is not allowed in the current state (for example starting a running worker). */
    STATE,
    /** The platform lacks what the operation needs (not Linux, no cgroup controller, not root). */
    PLATFORM,
    /** Reading or writing a file, pipe or socket failed. */
    IO,
    /** The named thing does not exist (a worker id, a PID file, a process). */
    NOT_FOUND,
    /** Another owner holds the resource (for example another master holds the state directory). */
    CONFLICT,
    /** A bug in HSU: an invariant did not hold. */
    INTERNAL
}
