package io.hsu.health;

import java.util.Locale;

/**
 * The role of a probe, with Kubernetes semantics.
 */
public enum ProbeRole {
    /** Runs first; until it succeeds the other probes do not run. Reaching its failure threshold fails the start. */
    STARTUP,
    /** Says whether the worker is ready; failing only flags the worker, it never restarts it. */
    READINESS,
    /** Says whether the worker is alive; reaching its failure threshold makes process control restart it. */
    LIVENESS;

    /** The lower-case name ({@code readiness}), as written in YAML. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
