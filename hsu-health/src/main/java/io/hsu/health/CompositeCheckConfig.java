package io.hsu.health;

import io.hsu.core.internal.Checks;
import java.util.List;

/**
 * Several checks as one: {@link Mode#ALL} is healthy when every check is, {@link Mode#ANY} when at
 * least one is. The checks run one after another within the probe's timeout, and stop as soon as
 * the answer is known.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mode all-of or any-of
 * @param checks one or more checks
 */
public record CompositeCheckConfig(Mode mode, List<CheckConfig> checks) implements CheckConfig {
    /** How the checks combine. */
    public enum Mode {
        /** Healthy when every check is healthy. */
        ALL,
        /** Healthy when at least one check is healthy. */
        ANY
    }

    /** @throws IllegalArgumentException if there are no checks */
    public CompositeCheckConfig {
        Checks.notNull(mode, "mode");
        checks = List.copyOf(Checks.notNull(checks, "checks"));
        Checks.argument(!checks.isEmpty(), "checks must not be empty");
    }

    /** Healthy when every one of {@code checks} is. */
    public static CompositeCheckConfig allOf(CheckConfig... checks) {
        return new CompositeCheckConfig(Mode.ALL, List.of(checks));
    }

    /** Healthy when any of {@code checks} is. */
    public static CompositeCheckConfig anyOf(CheckConfig... checks) {
        return new CompositeCheckConfig(Mode.ANY, List.of(checks));
    }

    @Override
    public String type() {
        return "composite";
    }

    @Override
    public String describe() {
        return "composite " + mode.name().toLowerCase(java.util.Locale.ROOT) + " of " + checks.size();
    }
}
