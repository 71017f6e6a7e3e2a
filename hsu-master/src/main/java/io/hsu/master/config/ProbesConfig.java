package io.hsu.master.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A worker's probes. {@code health_check} (the Go form) becomes the liveness probe; {@code probes}
 * (the Kubernetes form) can set all three.
 *
 * <p>Immutable and thread-safe.
 *
 * @param startup holds the worker in STARTING until it passes
 * @param readiness says whether the worker is ready (what {@code depends_on: healthy} waits for)
 * @param liveness restarts the worker when it fails, per the restart policy
 */
public record ProbesConfig(Optional<Probe> startup, Optional<Probe> readiness, Optional<Probe> liveness) {
    /** No probes. */
    public static final ProbesConfig NONE = new ProbesConfig(Optional.empty(), Optional.empty(), Optional.empty());

    /** @throws NullPointerException if an argument is null */
    public ProbesConfig {
        Objects.requireNonNull(startup, "startup must not be null");
        Objects.requireNonNull(readiness, "readiness must not be null");
        Objects.requireNonNull(liveness, "liveness must not be null");
    }

    /** The probe that decides "healthy": readiness, else liveness. */
    public Optional<Probe> healthProbe() {
        return readiness.isPresent() ? readiness : liveness;
    }
}
