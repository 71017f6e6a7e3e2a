package io.hsu.resources;

import java.util.Locale;

/**
 * What happens when a limit is exceeded for longer than the sustained window. This module decides;
 * {@link #THROTTLE} it carries out itself, the stop and restart policies are carried out by process
 * control, which subscribes to {@link ResourceViolation} events.
 */
public enum LimitPolicy {
    /** Nothing, not even an event. */
    NONE,
    /** A log line, no event. */
    LOG,
    /** A {@link ResourceViolation} event (and a log line). */
    ALERT,
    /** Hold CPU under the limit: cgroup CPU quota where available, else SIGSTOP/SIGCONT duty cycling. */
    THROTTLE,
    /** Stop the worker: stop signal, grace period, SIGKILL. */
    GRACEFUL_SHUTDOWN,
    /** SIGKILL to the whole worker (its cgroup where there is one). */
    IMMEDIATE_KILL,
    /** Restart through the circuit breaker with trigger RESOURCE_VIOLATION. */
    RESTART,
    /** Restart with the violated limit raised by a factor, up to a ceiling. */
    RESTART_ADJUSTED;

    /** The spelling in YAML: {@code graceful_shutdown}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the worker's process must be stopped (and maybe started again) by process control. */
    public boolean stopsWorker() {
        return this == GRACEFUL_SHUTDOWN || this == IMMEDIATE_KILL || this == RESTART || this == RESTART_ADJUSTED;
    }
}
