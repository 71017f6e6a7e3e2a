package io.hsu.resources;

import java.util.Objects;
import java.util.Optional;

/**
 * What a violation's policy decided. For {@link LimitPolicy#RESTART_ADJUSTED},
 * {@code adjustedLimits} holds the limits to restart with (the violated one raised, up to its ceiling).
 *
 * @param policy the policy that decided
 * @param adjustedLimits the limits for the restart, only for {@code RESTART_ADJUSTED}
 */
public record PolicyDecision(LimitPolicy policy, Optional<ResourceLimits> adjustedLimits) {
    public PolicyDecision {
        Objects.requireNonNull(policy, "policy must not be null");
        Objects.requireNonNull(adjustedLimits, "adjustedLimits must not be null");
        if (adjustedLimits.isPresent() != (policy == LimitPolicy.RESTART_ADJUSTED)) {
            throw new IllegalArgumentException("adjustedLimits must be given exactly for restart_adjusted, but policy was "
                    + policy.yamlName());
        }
    }

    /** A decision without adjusted limits. */
    public static PolicyDecision of(LimitPolicy policy) {
        return new PolicyDecision(policy, Optional.empty());
    }
}
