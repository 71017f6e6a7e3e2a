package io.hsu.health;

import io.hsu.core.internal.Checks;
import java.time.Duration;

/**
 * The Go master's {@code run_options} of a {@code health_check} (and of an integrated worker's
 * {@code health_check_run_options}): one liveness probe's timing, where {@code retries} is the
 * failure threshold and {@code enabled: false} disables the probe. Defaults: enabled, 10s interval,
 * 5s timeout, no initial delay, 3 retries.
 *
 * <p>Immutable and thread-safe.
 *
 * @param enabled whether the probe runs at all
 * @param interval the period between checks
 * @param timeout how long one check may take
 * @param initialDelay before the first check
 * @param retries failures in a row that make the worker unhealthy (the failure threshold)
 */
public record RunOptions(boolean enabled, Duration interval, Duration timeout, Duration initialDelay, int retries) {
    /** The defaults listed above. */
    public static final RunOptions DEFAULTS = new RunOptions(true, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO, 3);

    /** @throws IllegalArgumentException if a duration is out of range or retries is below 1 */
    public RunOptions {
        Checks.notNull(interval, "interval");
        Checks.notNull(timeout, "timeout");
        Checks.notNull(initialDelay, "initialDelay");
        Checks.argument(!interval.isNegative() && !interval.isZero(), "interval must be > 0, but was %s", interval);
        Checks.argument(!timeout.isNegative() && !timeout.isZero(), "timeout must be > 0, but was %s", timeout);
        Checks.argument(!initialDelay.isNegative(), "initialDelay must be >= 0, but was %s", initialDelay);
        Checks.argument(retries >= 1, "retries must be >= 1, but was %s", retries);
    }

    /** The liveness probe of {@code check} with these options (whether or not {@link #enabled()}). */
    public ProbeConfig toProbe(CheckConfig check) {
        return ProbeConfig.builder(check).period(interval).timeout(timeout).initialDelay(initialDelay)
                .failureThreshold(retries).build();
    }

    /** The health config of these options around {@code check}: one liveness probe, or none when disabled. */
    public HealthConfig toHealthConfig(CheckConfig check) {
        return enabled ? HealthConfig.builder().liveness(toProbe(check)).build() : HealthConfig.none();
    }

    /**
     * An integrated worker's health: {@code grpc.health.v1} on 127.0.0.1 at the port HSU gave it
     * (the whole server, service ""), or none when disabled.
     */
    public HealthConfig integrated(int port) {
        return toHealthConfig(GrpcCheckConfig.of("127.0.0.1", port, ""));
    }
}
