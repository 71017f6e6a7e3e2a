package io.hsu.resources;

import java.util.Locale;

/**
 * How serious a finding is: above the warning threshold, above the limit, or at least twice the
 * limit. Restart delays scale by the severity multipliers of {@code context_aware_restart}.
 */
public enum Severity {
    WARNING,
    CRITICAL,
    /** The value is at least {@link #EMERGENCY_FACTOR} times the limit. */
    EMERGENCY;

    /** A value this many times its limit is an emergency. */
    public static final double EMERGENCY_FACTOR = 2.0;

    /** The spelling in YAML and events: {@code critical}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
