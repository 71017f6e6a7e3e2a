package io.hsu.resources;

import java.util.Locale;

/** The sections of {@code limits}: each has its own warning threshold and policy. */
public enum LimitCategory {
    MEMORY,
    CPU,
    IO,
    PROCESS;

    /** The YAML key: {@code memory}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
