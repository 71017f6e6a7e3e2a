package io.hsu.resources;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A worker's {@code limits}: a value per {@link LimitKind} (0 = no limit), a {@link CategoryRule}
 * (warning threshold and policy) per {@link LimitCategory}, the nice {@code priority}, the CPU and
 * I/O weights ({@code cpu_shares}, {@code io.weight}), how usage is monitored and how the OS enforces
 * the limits.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 *
 * <pre>{@code
 * ResourceLimits limits = ResourceLimits.builder()
 *     .limit(LimitKind.MEMORY_RSS, 256L << 20)
 *     .rule(LimitCategory.MEMORY, CategoryRule.DEFAULT.withPolicy(LimitPolicy.RESTART))
 *     .build();
 * }</pre>
 */
public final class ResourceLimits {
    /** No limits, default rules, default monitoring and enforcement. */
    public static final ResourceLimits NONE = builder().build();

    private final double[] limits;
    private final Map<LimitCategory, CategoryRule> rules;
    private final int priority;
    private final int cpuShares;
    private final int ioWeight;
    private final MonitoringConfig monitoring;
    private final EnforcementConfig enforcement;

    private ResourceLimits(Builder b) {
        this.limits = b.limits.clone();
        this.rules = new EnumMap<>(b.rules);
        this.priority = b.priority;
        this.cpuShares = b.cpuShares;
        this.ioWeight = b.ioWeight;
        this.monitoring = b.monitoring;
        this.enforcement = b.enforcement;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        System.arraycopy(limits, 0, b.limits, 0, limits.length);
        b.rules.putAll(rules);
        b.priority = priority;
        b.cpuShares = cpuShares;
        b.ioWeight = ioWeight;
        b.monitoring = monitoring;
        b.enforcement = enforcement;
        return b;
    }

    /** The limit of {@code kind} in its {@link LimitKind#unit()}; 0 means no limit. */
    public double limit(LimitKind kind) {
        return limits[kind.ordinal()];
    }

    /** Whether {@code kind} has a limit (is not 0). */
    public boolean hasLimit(LimitKind kind) {
        return limits[kind.ordinal()] > 0;
    }

    /** The warning threshold and policy of {@code category}. */
    public CategoryRule rule(LimitCategory category) {
        return rules.get(category);
    }

    /** The policy of the category {@code kind} belongs to. */
    public LimitPolicy policy(LimitKind kind) {
        return rules.get(kind.category()).policy();
    }

    /** The nice value the worker starts with (-20 to 19; 0 = inherit). */
    public int priority() {
        return priority;
    }

    /**
     * The CPU weight in v1 shares (2 to 262144, 1024 = the kernel's default; 0 = not set): v1
     * {@code cpu.shares} as is, v2 {@code cpu.weight} converted as runc does.
     */
    public int cpuShares() {
        return cpuShares;
    }

    /** The I/O weight on the v2 scale (1 to 10000, 100 = the kernel's default; 0 = not set). */
    public int ioWeight() {
        return ioWeight;
    }

    public MonitoringConfig monitoring() {
        return monitoring;
    }

    public EnforcementConfig enforcement() {
        return enforcement;
    }

    /** Whether any limit is set. */
    public boolean hasAnyLimit() {
        for (double l : limits) {
            if (l > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * These limits with {@code kind}'s limit raised for a {@link LimitPolicy#RESTART_ADJUSTED}
     * restart: multiplied by its category's factor, but never beyond {@code adjustCeiling} times
     * {@code configured}, the limit as first configured.
     */
    public ResourceLimits adjusted(LimitKind kind, double configured) {
        CategoryRule rule = rule(kind.category());
        double ceiling = configured * rule.adjustCeiling();
        double raised = Math.min(ceiling, limit(kind) * rule.adjustFactor());
        if (kind.unit().equals("bytes") || kind.category() == LimitCategory.PROCESS) {
            raised = Math.floor(raised);
        }
        return toBuilder().limit(kind, raised).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceLimits other && Arrays.equals(limits, other.limits) && rules.equals(other.rules)
                && priority == other.priority && cpuShares == other.cpuShares && ioWeight == other.ioWeight && monitoring.equals(other.monitoring)
                && enforcement.equals(other.enforcement);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(limits), rules, priority, cpuShares, ioWeight, monitoring, enforcement);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ResourceLimits{");
        for (LimitKind kind : LimitKind.values()) {
            if (hasLimit(kind)) {
                s.append(kind.path()).append('=').append(format(limit(kind))).append(", ");
            }
        }
        if (cpuShares > 0) {
            s.append("cpu_shares=").append(cpuShares).append(", ");
        }
        if (ioWeight > 0) {
            s.append("io.weight=").append(ioWeight).append(", ");
        }
        return s.append("rules=").append(rules).append('}').toString();
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** Builds {@link ResourceLimits}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private final double[] limits = new double[LimitKind.values().length];
        private final Map<LimitCategory, CategoryRule> rules = new EnumMap<>(LimitCategory.class);
        private int priority;
        private int cpuShares;
        private int ioWeight;
        private MonitoringConfig monitoring = MonitoringConfig.DEFAULT;
        private EnforcementConfig enforcement = EnforcementConfig.DEFAULT;

        private Builder() {
            for (LimitCategory c : LimitCategory.values()) {
                rules.put(c, CategoryRule.DEFAULT);
            }
        }

        /**
         * Sets the limit of {@code kind} (0 = no limit).
         *
         * @throws IllegalArgumentException if {@code value} is negative or not finite
         */
        public Builder limit(LimitKind kind, double value) {
            Objects.requireNonNull(kind, "kind must not be null");
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(kind.path() + " must be >= 0, but was " + value);
            }
            limits[kind.ordinal()] = value;
            return this;
        }

        /** Sets the warning threshold and policy of {@code category}. */
        public Builder rule(LimitCategory category, CategoryRule rule) {
            rules.put(Objects.requireNonNull(category, "category must not be null"),
                    Objects.requireNonNull(rule, "rule must not be null"));
            return this;
        }

        /** Sets only the policy of {@code category}. */
        public Builder policy(LimitCategory category, LimitPolicy policy) {
            return rule(category, rules.get(category).withPolicy(policy));
        }

        /** @throws IllegalArgumentException unless -20 <= priority <= 19 */
        public Builder priority(int value) {
            if (value < -20 || value > 19) {
                throw new IllegalArgumentException("priority must be between -20 and 19, but was " + value);
            }
            priority = value;
            return this;
        }

        /** @throws IllegalArgumentException unless shares is 0 or 2 <= shares <= 262144 */
        public Builder cpuShares(int value) {
            if (value != 0 && (value < 2 || value > 262_144)) {
                throw new IllegalArgumentException("cpu_shares must be 0 (not set) or between 2 and 262144, but was " + value);
            }
            cpuShares = value;
            return this;
        }

        /** @throws IllegalArgumentException unless 0 <= weight <= 10000 */
        public Builder ioWeight(int value) {
            if (value < 0 || value > 10_000) {
                throw new IllegalArgumentException("io.weight must be between 0 and 10000, but was " + value);
            }
            ioWeight = value;
            return this;
        }

        public Builder monitoring(MonitoringConfig value) {
            monitoring = Objects.requireNonNull(value, "monitoring must not be null");
            return this;
        }

        public Builder enforcement(EnforcementConfig value) {
            enforcement = Objects.requireNonNull(value, "enforcement must not be null");
            return this;
        }

        public ResourceLimits build() {
            return new ResourceLimits(this);
        }
    }
}
