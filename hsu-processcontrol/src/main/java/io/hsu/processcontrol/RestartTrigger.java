package io.hsu.processcontrol;

/**
 * Why a restart is considered. Each trigger except {@link #MANUAL} spends its own restart budget
 * ({@code context_aware_restart.default}, {@code health_failures}, {@code resource_violations}).
 *
 * <p>Immutable and thread-safe.
 */
public enum RestartTrigger {
    /** The process ended on its own. */
    PROCESS_EXIT,
    /** The liveness probe failed past its threshold. */
    HEALTH_FAILURE,
    /** A resource limit was exceeded and its policy asks for a restart. */
    RESOURCE_VIOLATION,
    /** A person or program asked for a restart. */
    MANUAL
}
