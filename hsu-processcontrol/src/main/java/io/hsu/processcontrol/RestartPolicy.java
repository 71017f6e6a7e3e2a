package io.hsu.processcontrol;

import io.hsu.processcontrol.internal.StandardRestartPolicy;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Decides whether and when a worker restarts: a pure function of a {@link RestartContext} (what
 * happened, the restart history, the last start and now), with no I/O and no sleeping; the caller
 * schedules the delay. The standard policy, {@link #of(RestartConfig)}, works like this:
 *
 * <ol>
 *   <li>{@link RestartTrigger#MANUAL}: restart now, whatever the mode and budget.
 *   <li>A health failure or resource violation inside {@code startup_grace_period} from the last
 *       start is {@link RestartDecision.Ignored ignored}. (A process exit is never ignored: the
 *       process is gone.)
 *   <li>The mode: {@code never} does not restart; {@code on-failure} does not restart after an exit
 *       with a success code (a signal or an unknown status is a failure).
 *   <li>The budget of the trigger ({@code default} for exits, {@code health_failures},
 *       {@code resource_violations}) counts the restarts for that trigger inside the sliding
 *       {@code window}, and only those after the last start if that run lasted {@code reset_after}
 *       (stable uptime forgets earlier failures). When {@code max_retries} are spent the circuit
 *       opens until the oldest counted restart leaves the window.
 *   <li>Otherwise the delay of attempt {@code n} is {@code retry_delay x backoff_rate^(n-1) x
 *       severity multiplier x profile multiplier}, moved by {@code +/- jitter}, and never above
 *       {@code max_delay}.
 * </ol>
 *
 * <p>Implementations are immutable and thread-safe (the standard one draws jitter from the
 * injected {@link RandomGenerator}, which must then be thread-safe if the policy is shared).
 */
@FunctionalInterface
public interface RestartPolicy {

    /** Decides; never blocks, never throws for a valid context. */
    RestartDecision decide(RestartContext context);

    /** The standard policy with jitter from a fresh random generator. */
    static RestartPolicy of(RestartConfig config) {
        return of(config, RandomGenerator.of("L64X128MixRandom"));
    }

    /** The standard policy, drawing jitter from {@code random}. */
    static RestartPolicy of(RestartConfig config, RandomGenerator random) {
        Objects.requireNonNull(config, "config must not be null");
        Objects.requireNonNull(random, "random must not be null");
        return context -> StandardRestartPolicy.decide(config, random, context);
    }
}
