package io.hsu.processcontrol;

import java.util.Locale;

/**
 * When a worker is restarted after its process ends ({@code restart_policy} in the YAML). A restart
 * requested by a person ({@link RestartTrigger#MANUAL}) happens under every mode.
 *
 * <p>Immutable and thread-safe.
 */
public enum RestartMode {
    /** Never restart on its own. */
    NEVER,
    /** Restart when the process failed: an exit code outside the success codes, a signal, or an unknown status. */
    ON_FAILURE,
    /** Restart whenever the process ends, successfully or not. */
    ALWAYS,
    /** Like {@link #ALWAYS}, but a worker stopped on request stays stopped (also across master restarts). */
    UNLESS_STOPPED;

    /** The YAML spelling: {@code on-failure}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
