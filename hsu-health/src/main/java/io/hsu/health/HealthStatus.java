package io.hsu.health;

import java.util.Locale;

/**
 * What a probe's results add up to, after its thresholds. Printed in lower case.
 */
public enum HealthStatus {
    /** No result yet (or no probe of that role). */
    UNKNOWN,
    /** The last results reached the success threshold. */
    HEALTHY,
    /** Some checks failed, but fewer in a row than the failure threshold. */
    DEGRADED,
    /** The failure threshold was reached. */
    UNHEALTHY;

    /** The lower-case name ({@code degraded}), as the CLI and API show it. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
