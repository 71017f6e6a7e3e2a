package io.hsu.processcontrol;

import io.hsu.core.Durations;
import io.hsu.core.internal.Checks;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * When and how fast a worker is restarted: the mode ({@code restart_policy}), the exit codes that
 * count as success, and the {@code context_aware_restart} budgets, multipliers, cap, jitter,
 * window and reset. {@link RestartPolicy#of(RestartConfig)} turns it into decisions.
 *
 * <p>Defaults follow CONFIG.md: on-failure, success code 0, default and health budgets
 * {@code 3 x 5s x 1.5}, resource budget {@code 5 x 10s x 1.5}, severity multipliers
 * warning 0.5 / critical 1.0 / emergency 2.0, profile multipliers batch 3, web 1, database 5,
 * worker 2, scheduler 2.5, default 1; grace period 2m, max delay 5m, jitter 0.1, window and reset 10m.
 *
 * <p>Immutable and thread-safe.
 */
public final class RestartConfig {
    private static final RestartConfig DEFAULTS = builder().build();

    private final RestartMode mode;
    private final Set<Integer> successExitCodes;
    private final RetryBudget processExits;
    private final RetryBudget healthFailures;
    private final RetryBudget resourceViolations;
    private final Map<Severity, Double> severityMultipliers;
    private final Map<String, Double> profileMultipliers;
    private final String profile;
    private final Duration startupGracePeriod;
    private final Duration sustainedViolationTime;
    private final Duration spikeToleranceTime;
    private final Duration maxDelay;
    private final double jitter;
    private final Duration window;
    private final Duration resetAfter;

    private RestartConfig(Builder b) {
        mode = b.mode;
        successExitCodes = Collections.unmodifiableSet(new TreeSet<>(b.successExitCodes));
        processExits = b.processExits;
        healthFailures = b.healthFailures;
        resourceViolations = b.resourceViolations;
        severityMultipliers = Collections.unmodifiableMap(new EnumMap<>(b.severityMultipliers));
        profileMultipliers = Collections.unmodifiableMap(new LinkedHashMap<>(b.profileMultipliers));
        profile = b.profile;
        startupGracePeriod = b.startupGracePeriod;
        sustainedViolationTime = b.sustainedViolationTime;
        spikeToleranceTime = b.spikeToleranceTime;
        maxDelay = b.maxDelay;
        jitter = b.jitter;
        window = b.window;
        resetAfter = b.resetAfter;
    }

    /** The defaults of CONFIG.md. */
    public static RestartConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public RestartMode mode() {
        return mode;
    }

    /** Exit codes that count as success for {@link RestartMode#ON_FAILURE} and the EXITED state; sorted. */
    public Set<Integer> successExitCodes() {
        return successExitCodes;
    }

    /** The budget for {@code trigger}; {@link RestartTrigger#MANUAL} uses the process-exit budget's delays. */
    public RetryBudget budgetFor(RestartTrigger trigger) {
        switch (trigger) {
            case HEALTH_FAILURE:
                return healthFailures;
            case RESOURCE_VIOLATION:
                return resourceViolations;
            default:
                return processExits;
        }
    }

    /** {@code context_aware_restart.default}: process exits. */
    public RetryBudget processExits() {
        return processExits;
    }

    /** {@code context_aware_restart.health_failures}. */
    public RetryBudget healthFailures() {
        return healthFailures;
    }

    /** {@code context_aware_restart.resource_violations}. */
    public RetryBudget resourceViolations() {
        return resourceViolations;
    }

    public Map<Severity, Double> severityMultipliers() {
        return severityMultipliers;
    }

    /** {@code worker_profile_multipliers}, by lower-case profile name. */
    public Map<String, Double> profileMultipliers() {
        return profileMultipliers;
    }

    /** The worker's {@code profile_type} (lower case), which picks the profile multiplier. */
    public String profile() {
        return profile;
    }

    /** The multiplier of {@link #profile()}; 1.0 for a profile without one. */
    public double profileMultiplier() {
        return profileMultipliers.getOrDefault(profile, 1.0);
    }

    /** The multiplier of {@code severity}; 1.0 when none is configured. */
    public double severityMultiplier(Severity severity) {
        return severityMultipliers.getOrDefault(severity, 1.0);
    }

    /** From each start: health failures and resource violations inside it do not restart. */
    public Duration startupGracePeriod() {
        return startupGracePeriod;
    }

    /** How long a limit must be exceeded before its policy acts (read by the resource monitor). */
    public Duration sustainedViolationTime() {
        return sustainedViolationTime;
    }

    /** Excursions shorter than this are ignored (read by the resource monitor). */
    public Duration spikeToleranceTime() {
        return spikeToleranceTime;
    }

    /** The cap on every delay, jitter and multipliers included. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** The +/- fraction applied to each delay, 0 to 1. */
    public double jitter() {
        return jitter;
    }

    /** Restarts are counted in this sliding window. */
    public Duration window() {
        return window;
    }

    /** A run at least this long forgets earlier failures. */
    public Duration resetAfter() {
        return resetAfter;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RestartConfig)) {
            return false;
        }
        RestartConfig c = (RestartConfig) o;
        return mode == c.mode && successExitCodes.equals(c.successExitCodes) && processExits.equals(c.processExits)
                && healthFailures.equals(c.healthFailures) && resourceViolations.equals(c.resourceViolations)
                && severityMultipliers.equals(c.severityMultipliers) && profileMultipliers.equals(c.profileMultipliers)
                && profile.equals(c.profile) && startupGracePeriod.equals(c.startupGracePeriod)
                && sustainedViolationTime.equals(c.sustainedViolationTime)
                && spikeToleranceTime.equals(c.spikeToleranceTime) && maxDelay.equals(c.maxDelay)
                && jitter == c.jitter && window.equals(c.window) && resetAfter.equals(c.resetAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, successExitCodes, processExits, healthFailures, resourceViolations, profile,
                maxDelay, jitter, window, resetAfter);
    }

    @Override
    public String toString() {
        return "RestartConfig[" + mode.yamlName() + ", success " + successExitCodes + ", exits " + processExits
                + ", health " + healthFailures + ", resources " + resourceViolations + ", profile " + profile
                + ", grace " + Durations.format(startupGracePeriod) + ", max " + Durations.format(maxDelay)
                + ", jitter " + jitter + ", window " + Durations.format(window) + ", reset "
                + Durations.format(resetAfter) + "]";
    }

    private static Map<Severity, Double> defaultSeverity() {
        Map<Severity, Double> m = new EnumMap<>(Severity.class);
        m.put(Severity.WARNING, 0.5);
        m.put(Severity.CRITICAL, 1.0);
        m.put(Severity.EMERGENCY, 2.0);
        return m;
    }

    private static Map<String, Double> defaultProfiles() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("batch", 3.0);
        m.put("web", 1.0);
        m.put("database", 5.0);
        m.put("worker", 2.0);
        m.put("scheduler", 2.5);
        m.put("default", 1.0);
        return m;
    }

    /** Builds a {@link RestartConfig}. Not thread-safe; reusable after {@link #build()}. */
    public static final class Builder {
        private RestartMode mode = RestartMode.ON_FAILURE;
        private Set<Integer> successExitCodes = Set.of(0);
        private RetryBudget processExits = RetryBudget.of(3, Duration.ofSeconds(5), 1.5);
        private RetryBudget healthFailures = RetryBudget.of(3, Duration.ofSeconds(5), 1.5);
        private RetryBudget resourceViolations = RetryBudget.of(5, Duration.ofSeconds(10), 1.5);
        private Map<Severity, Double> severityMultipliers = new EnumMap<>(defaultSeverity());
        private Map<String, Double> profileMultipliers = new LinkedHashMap<>(defaultProfiles());
        private String profile = "default";
        private Duration startupGracePeriod = Duration.ofMinutes(2);
        private Duration sustainedViolationTime = Duration.ofMinutes(5);
        private Duration spikeToleranceTime = Duration.ZERO;
        private Duration maxDelay = Duration.ofMinutes(5);
        private double jitter = 0.1;
        private Duration window = Duration.ofMinutes(10);
        private Duration resetAfter = Duration.ofMinutes(10);

        private Builder() {
        }

        private Builder(RestartConfig c) {
            mode = c.mode;
            successExitCodes = c.successExitCodes;
            processExits = c.processExits;
            healthFailures = c.healthFailures;
            resourceViolations = c.resourceViolations;
            severityMultipliers = new EnumMap<>(c.severityMultipliers);
            profileMultipliers = new LinkedHashMap<>(c.profileMultipliers);
            profile = c.profile;
            startupGracePeriod = c.startupGracePeriod;
            sustainedViolationTime = c.sustainedViolationTime;
            spikeToleranceTime = c.spikeToleranceTime;
            maxDelay = c.maxDelay;
            jitter = c.jitter;
            window = c.window;
            resetAfter = c.resetAfter;
        }

        public Builder mode(RestartMode mode) {
            this.mode = Checks.notNull(mode, "mode");
            return this;
        }

        /** @throws IllegalArgumentException if a code is outside 0..255 */
        public Builder successExitCodes(Set<Integer> codes) {
            Checks.notNull(codes, "successExitCodes");
            for (Integer code : codes) {
                Checks.argument(code != null && code >= 0 && code <= 255,
                        "successExitCodes must hold exit codes in 0..255, but held %s", code);
            }
            this.successExitCodes = Set.copyOf(codes);
            return this;
        }

        public Builder processExits(RetryBudget budget) {
            this.processExits = Checks.notNull(budget, "processExits");
            return this;
        }

        public Builder healthFailures(RetryBudget budget) {
            this.healthFailures = Checks.notNull(budget, "healthFailures");
            return this;
        }

        public Builder resourceViolations(RetryBudget budget) {
            this.resourceViolations = Checks.notNull(budget, "resourceViolations");
            return this;
        }

        /** @throws IllegalArgumentException if {@code multiplier} is negative or not finite */
        public Builder severityMultiplier(Severity severity, double multiplier) {
            Checks.notNull(severity, "severity");
            checkMultiplier("severity multiplier of " + severity.yamlName(), multiplier);
            severityMultipliers.put(severity, multiplier);
            return this;
        }

        /** @throws IllegalArgumentException if {@code multiplier} is negative or not finite */
        public Builder profileMultiplier(String profile, double multiplier) {
            Checks.notNull(profile, "profile");
            checkMultiplier("profile multiplier of " + profile, multiplier);
            profileMultipliers.put(profile.toLowerCase(java.util.Locale.ROOT), multiplier);
            return this;
        }

        /** The worker's {@code profile_type}; picks the profile multiplier. */
        public Builder profile(String profile) {
            Checks.notNull(profile, "profile");
            Checks.argument(!profile.isBlank(), "profile must not be blank");
            this.profile = profile.toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        public Builder startupGracePeriod(Duration period) {
            this.startupGracePeriod = nonNegative("startupGracePeriod", period);
            return this;
        }

        public Builder sustainedViolationTime(Duration time) {
            this.sustainedViolationTime = nonNegative("sustainedViolationTime", time);
            return this;
        }

        public Builder spikeToleranceTime(Duration time) {
            this.spikeToleranceTime = nonNegative("spikeToleranceTime", time);
            return this;
        }

        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = nonNegative("maxDelay", maxDelay);
            return this;
        }

        /** @throws IllegalArgumentException if {@code jitter} is outside [0, 1] */
        public Builder jitter(double jitter) {
            Checks.argument(jitter >= 0 && jitter <= 1, "jitter must be between 0 and 1, but was %s", jitter);
            this.jitter = jitter;
            return this;
        }

        /** @throws IllegalArgumentException if {@code window} is not positive */
        public Builder window(Duration window) {
            Checks.notNull(window, "window");
            Checks.argument(!window.isNegative() && !window.isZero(), "window must be > 0, but was %s",
                    Durations.format(window));
            this.window = window;
            return this;
        }

        /** @throws IllegalArgumentException if {@code resetAfter} is not positive */
        public Builder resetAfter(Duration resetAfter) {
            Checks.notNull(resetAfter, "resetAfter");
            Checks.argument(!resetAfter.isNegative() && !resetAfter.isZero(), "resetAfter must be > 0, but was %s",
                    Durations.format(resetAfter));
            this.resetAfter = resetAfter;
            return this;
        }

        public RestartConfig build() {
            return new RestartConfig(this);
        }

        private static Duration nonNegative(String name, Duration value) {
            Checks.notNull(value, name);
            Checks.argument(!value.isNegative(), "%s must be >= 0, but was %s", name, Durations.format(value));
            return value;
        }

        private static void checkMultiplier(String name, double value) {
            Checks.argument(value >= 0 && !Double.isInfinite(value), "%s must be >= 0, but was %s", name, value);
        }
    }
}
