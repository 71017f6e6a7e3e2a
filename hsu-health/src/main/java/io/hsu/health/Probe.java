package io.hsu.health;

import io.hsu.health.internal.ProbeFactory;
import java.time.Clock;
import java.time.Duration;

/**
 * One check that can be run again and again, built from a {@link CheckConfig} by {@link #of}.
 * {@link HealthChecker} runs probes on a schedule; use a {@code Probe} directly for a one-off check.
 *
 * <p>Implementations are thread-safe, but a probe is meant to run one check at a time. The creator
 * closes it: closing releases connections and kills any command still running.
 */
public interface Probe extends AutoCloseable {

    /**
     * Runs one check and blocks until it is done, at most about {@code timeout} (every probe type
     * enforces it, even against a peer that never answers). Failures are results, not exceptions.
     *
     * @throws InterruptedException if the calling thread is interrupted; a running command is killed first
     */
    ProbeResult check(Duration timeout) throws InterruptedException;

    /** What this probe checks, such as {@code http GET http://127.0.0.1:8080/health}. */
    String describe();

    /** Releases what the probe holds and kills commands it still runs. Idempotent. */
    @Override
    default void close() {}

    /**
     * A probe for {@code config}, checking on {@code target} (for the {@code process} check) and
     * reading file ages against {@code clock}.
     *
     * @throws ProbeUnavailableException if the check needs something this JVM lacks (grpc-java for {@code grpc})
     */
    static Probe of(CheckConfig config, ProbeTarget target, Clock clock) {
        return ProbeFactory.create(config, target, clock);
    }

    /** {@link #of(CheckConfig, ProbeTarget, Clock)} on the system clock. */
    static Probe of(CheckConfig config, ProbeTarget target) {
        return of(config, target, Clock.systemUTC());
    }
}
