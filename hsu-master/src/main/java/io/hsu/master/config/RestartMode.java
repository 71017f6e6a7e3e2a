package io.hsu.master.config;

/** When a managed worker is started again after it ends ({@code restart_policy:}). */
public enum RestartMode {
    /** Never restarted. */
    NEVER,
    /** Restarted when it exits with a code outside {@code success_exit_codes}, is killed, or fails its liveness check. */
    ON_FAILURE,
    /** Always restarted, also after a successful exit. */
    ALWAYS,
    /** Like {@link #ALWAYS}, except after a stop on request, which is remembered across master restarts. */
    UNLESS_STOPPED
}
