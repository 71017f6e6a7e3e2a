package io.hsu.master.config;

import java.util.Locale;

/** The kind of a worker ({@code type:} in the config). */
public enum WorkerType {
    /** HSU starts the process and owns its life. */
    MANAGED,
    /** HSU finds a process it did not start and watches it. */
    UNMANAGED,
    /** A managed process that speaks grpc.health.v1; HSU passes it {@code --port N}. */
    INTEGRATED;

    /** The YAML spelling: {@code managed}, {@code unmanaged}, {@code integrated}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
