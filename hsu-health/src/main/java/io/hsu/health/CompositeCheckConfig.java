package io.hsu.health;

import io.hsu.core.internal.Checks;
import java.util.ArrayList;
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

    /** A builder for checks combined by {@code mode}. */
    public static Builder builder(Mode mode) {
        return new Builder(mode);
    }

    /** Builds a {@link CompositeCheckConfig}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final Mode mode;
        private final List<CheckConfig> checks = new ArrayList<>();

        private Builder(Mode mode) {
            this.mode = mode;
        }

        public Builder add(CheckConfig check) {
            checks.add(Checks.notNull(check, "check"));
            return this;
        }

        /** @throws IllegalArgumentException if no check was added */
        public CompositeCheckConfig build() {
            return new CompositeCheckConfig(mode, checks);
        }
    }
}
