package io.hsu.health;

import io.hsu.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * One probe: a {@link CheckConfig} and when to run it. The first check runs {@link #initialDelay()}
 * after the probe starts, then one every {@link #period()}; a check that has not answered within
 * {@link #timeout()} counts as failed. {@link #successThreshold()} successes in a row make the
 * probe healthy, {@link #failureThreshold()} failures in a row make it unhealthy. Defaults are
 * Kubernetes's: no initial delay, 10s period, 1s timeout, thresholds 1 and 3.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder(CheckConfig)}.
 */
public final class ProbeConfig {
    private final CheckConfig check;
    private final Duration initialDelay;
    private final Duration period;
    private final Duration timeout;
    private final int successThreshold;
    private final int failureThreshold;

    private ProbeConfig(Builder b) {
        this.check = b.check;
        this.initialDelay = b.initialDelay;
        this.period = b.period;
        this.timeout = b.timeout;
        this.successThreshold = b.successThreshold;
        this.failureThreshold = b.failureThreshold;
    }

    /** A builder with the defaults, for {@code check}. */
    public static Builder builder(CheckConfig check) {
        return new Builder(check);
    }

    /** A probe of {@code check} with every default. */
    public static ProbeConfig of(CheckConfig check) {
        return builder(check).build();
    }

    public Builder toBuilder() {
        return new Builder(check).initialDelay(initialDelay).period(period).timeout(timeout)
                .successThreshold(successThreshold).failureThreshold(failureThreshold);
    }

    public CheckConfig check() {
        return check;
    }

    public Duration initialDelay() {
        return initialDelay;
    }

    public Duration period() {
        return period;
    }

    public Duration timeout() {
        return timeout;
    }

    public int successThreshold() {
        return successThreshold;
    }

    public int failureThreshold() {
        return failureThreshold;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeConfig c && check.equals(c.check) && initialDelay.equals(c.initialDelay)
                && period.equals(c.period) && timeout.equals(c.timeout)
                && successThreshold == c.successThreshold && failureThreshold == c.failureThreshold;
    }

    @Override
    public int hashCode() {
        return Objects.hash(check, initialDelay, period, timeout, successThreshold, failureThreshold);
    }

    @Override
    public String toString() {
        return "ProbeConfig[" + check.describe() + ", initialDelay=" + initialDelay + ", period=" + period
                + ", timeout=" + timeout + ", successThreshold=" + successThreshold
                + ", failureThreshold=" + failureThreshold + "]";
    }

    /** Builds a {@link ProbeConfig}; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private final CheckConfig check;
        private Duration initialDelay = Duration.ZERO;
        private Duration period = Duration.ofSeconds(10);
        private Duration timeout = Duration.ofSeconds(1);
        private int successThreshold = 1;
        private int failureThreshold = 3;

        private Builder(CheckConfig check) {
            this.check = Checks.notNull(check, "check");
        }

        /** @throws IllegalArgumentException if negative */
        public Builder initialDelay(Duration initialDelay) {
            Checks.notNull(initialDelay, "initialDelay");
            Checks.argument(!initialDelay.isNegative(), "initialDelay must be >= 0, but was %s", initialDelay);
            this.initialDelay = initialDelay;
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder period(Duration period) {
            Checks.notNull(period, "period");
            Checks.argument(!period.isNegative() && !period.isZero(), "period must be > 0, but was %s", period);
            this.period = period;
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder timeout(Duration timeout) {
            Checks.notNull(timeout, "timeout");
            Checks.argument(!timeout.isNegative() && !timeout.isZero(), "timeout must be > 0, but was %s", timeout);
            this.timeout = timeout;
            return this;
        }

        /** @throws IllegalArgumentException if below 1 */
        public Builder successThreshold(int successThreshold) {
            Checks.argument(successThreshold >= 1, "successThreshold must be >= 1, but was %s", successThreshold);
            this.successThreshold = successThreshold;
            return this;
        }

        /** @throws IllegalArgumentException if below 1 */
        public Builder failureThreshold(int failureThreshold) {
            Checks.argument(failureThreshold >= 1, "failureThreshold must be >= 1, but was %s", failureThreshold);
            this.failureThreshold = failureThreshold;
            return this;
        }

        public ProbeConfig build() {
            return new ProbeConfig(this);
        }
    }
}
