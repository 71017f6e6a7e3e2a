package io.hsu.master.config;

import java.util.Locale;

/** What a worker is, for restart multipliers ({@code profile_type:}). */
public enum ProfileType {
    BATCH, WEB, DATABASE, WORKER, SCHEDULER, DEFAULT;

    /** The YAML spelling, lower case. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
