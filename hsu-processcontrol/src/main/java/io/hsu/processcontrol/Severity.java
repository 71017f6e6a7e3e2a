package io.hsu.processcontrol;

import java.util.Locale;

/**
 * How serious a health failure or resource violation is; scales the restart delay through
 * {@code context_aware_restart.severity_multipliers}. A process exit counts as {@link #CRITICAL}.
 *
 * <p>Immutable and thread-safe.
 */
public enum Severity {
    WARNING, CRITICAL, EMERGENCY;

    /** The YAML spelling: {@code warning}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
