package io.hsu.resources;

import java.util.Objects;

/**
 * The warning threshold and policy shared by the limits of one {@link LimitCategory}.
 *
 * @param warningThresholdPercent a value above this percent of its limit is a warning; 1 to 100
 *     (100: no warnings)
 * @param policy what a sustained violation does
 * @param adjustFactor for {@link LimitPolicy#RESTART_ADJUSTED}: each restart multiplies the violated
 *     limit by this (> 1)
 * @param adjustCeiling for {@link LimitPolicy#RESTART_ADJUSTED}: the limit never grows beyond this
 *     many times its configured value (>= adjustFactor)
 */
public record CategoryRule(int warningThresholdPercent, LimitPolicy policy, double adjustFactor, double adjustCeiling) {
    /** Warn at 80 %, policy {@link LimitPolicy#LOG}, adjust by 1.5 up to 4 times. */
    public static final CategoryRule DEFAULT = new CategoryRule(80, LimitPolicy.LOG, 1.5, 4.0);

    /** @throws IllegalArgumentException naming the first invalid value */
    public CategoryRule {
        Objects.requireNonNull(policy, "policy must not be null");
        if (warningThresholdPercent < 1 || warningThresholdPercent > 100) {
            throw new IllegalArgumentException("warningThresholdPercent must be between 1 and 100, but was "
                    + warningThresholdPercent);
        }
        if (!(adjustFactor > 1.0) || Double.isInfinite(adjustFactor)) {
            throw new IllegalArgumentException("adjustFactor must be > 1, but was " + adjustFactor);
        }
        if (!(adjustCeiling >= adjustFactor) || Double.isInfinite(adjustCeiling)) {
            throw new IllegalArgumentException("adjustCeiling must be >= adjustFactor (" + adjustFactor + "), but was "
                    + adjustCeiling);
        }
    }

    /** This rule with another policy. */
    public CategoryRule withPolicy(LimitPolicy newPolicy) {
        return new CategoryRule(warningThresholdPercent, newPolicy, adjustFactor, adjustCeiling);
    }

    /** This rule with another warning threshold. */
    public CategoryRule withWarningThreshold(int percent) {
        return new CategoryRule(percent, policy, adjustFactor, adjustCeiling);
    }
}
