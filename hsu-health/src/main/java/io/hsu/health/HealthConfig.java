package io.hsu.health;

import io.hsu.core.internal.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * A worker's probes, each optional: {@link #startup()}, {@link #readiness()}, {@link #liveness()}.
 * With Kubernetes's rules: the startup and liveness probes' success threshold must be 1.
 * {@link #none()} has no probes at all.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()}.
 */
public final class HealthConfig {
    private static final HealthConfig NONE = new Builder().build();

    private final Optional<ProbeConfig> startup;
    private final Optional<ProbeConfig> readiness;
    private final Optional<ProbeConfig> liveness;

    private HealthConfig(Builder b) {
        this.startup = Optional.ofNullable(b.startup);
        this.readiness = Optional.ofNullable(b.readiness);
        this.liveness = Optional.ofNullable(b.liveness);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No probes. */
    public static HealthConfig none() {
        return NONE;
    }

    public Builder toBuilder() {
        return new Builder().startup(startup.orElse(null)).readiness(readiness.orElse(null)).liveness(liveness.orElse(null));
    }

    public Optional<ProbeConfig> startup() {
        return startup;
    }

    public Optional<ProbeConfig> readiness() {
        return readiness;
    }

    public Optional<ProbeConfig> liveness() {
        return liveness;
    }

    /** The probe of {@code role}, if configured. */
    public Optional<ProbeConfig> probe(ProbeRole role) {
        switch (role) {
            case STARTUP:
                return startup;
            case READINESS:
                return readiness;
            default:
                return liveness;
        }
    }

    /** Whether no probe is configured. */
    public boolean isEmpty() {
        return startup.isEmpty() && readiness.isEmpty() && liveness.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HealthConfig c && startup.equals(c.startup) && readiness.equals(c.readiness) && liveness.equals(c.liveness);
    }

    @Override
    public int hashCode() {
        return Objects.hash(startup, readiness, liveness);
    }

    @Override
    public String toString() {
        return "HealthConfig[startup=" + startup.orElse(null) + ", readiness=" + readiness.orElse(null)
                + ", liveness=" + liveness.orElse(null) + "]";
    }

    /** Builds a {@link HealthConfig}; null clears a probe. Not thread-safe. */
    public static final class Builder {
        private ProbeConfig startup;
        private ProbeConfig readiness;
        private ProbeConfig liveness;

        private Builder() {}

        /** @throws IllegalArgumentException if its success threshold is not 1 */
        public Builder startup(ProbeConfig startup) {
            Checks.argument(startup == null || startup.successThreshold() == 1,
                    "startup.successThreshold must be 1, but was %s", startup == null ? 1 : startup.successThreshold());
            this.startup = startup;
            return this;
        }

        public Builder readiness(ProbeConfig readiness) {
            this.readiness = readiness;
            return this;
        }

        /** @throws IllegalArgumentException if its success threshold is not 1 */
        public Builder liveness(ProbeConfig liveness) {
            Checks.argument(liveness == null || liveness.successThreshold() == 1,
                    "liveness.successThreshold must be 1, but was %s", liveness == null ? 1 : liveness.successThreshold());
            this.liveness = liveness;
            return this;
        }

        public HealthConfig build() {
            return new HealthConfig(this);
        }
    }
}
