package io.hsu.resources;

import java.util.Locale;

/** Whether a worker gets a cgroup ({@code limits.enforcement.cgroup}). */
public enum CgroupMode {
    /** The worker fails to start when its cgroup cannot be made; the message says what is missing. */
    REQUIRED,
    /** A cgroup where possible; otherwise the worker runs monitored only, with one warning event. */
    AUTO,
    /** Never a cgroup. */
    OFF;

    /** The YAML spelling: {@code auto}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
