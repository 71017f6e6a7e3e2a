package io.hsu.master.config;

import io.hsu.core.WorkerId;
import java.util.Objects;

/**
 * One entry of {@code depends_on}: start after {@code worker} reaches {@code condition}, stop before it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param worker the worker depended on
 * @param condition what it must reach
 */
public record Dependency(WorkerId worker, DependencyCondition condition) {
    /** @throws NullPointerException if an argument is null */
    public Dependency {
        Objects.requireNonNull(worker, "worker must not be null");
        Objects.requireNonNull(condition, "condition must not be null");
    }
}
