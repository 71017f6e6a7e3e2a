package io.hsu.processcontrol.internal;

import io.hsu.core.Durations;
import io.hsu.core.ExitStatus;
import io.hsu.processcontrol.Backoff;
import io.hsu.processcontrol.RestartConfig;
import io.hsu.processcontrol.RestartContext;
import io.hsu.processcontrol.RestartDecision;
import io.hsu.processcontrol.RestartHistory;
import io.hsu.processcontrol.RestartMode;
import io.hsu.processcontrol.RestartTrigger;
import io.hsu.processcontrol.RetryBudget;
import io.hsu.processcontrol.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/** The standard {@link io.hsu.processcontrol.RestartPolicy}, as its javadoc describes; pure. */
public final class StandardRestartPolicy {
    private StandardRestartPolicy() {
    }


    public static RestartDecision decide(RestartConfig config, RandomGenerator random, RestartContext context) {
        RestartTrigger trigger = context.trigger();
        Instant now = context.now();
        if (trigger == RestartTrigger.MANUAL) {
            return new RestartDecision.RestartAfter(Duration.ZERO, 1, "manual restart");
        }
        String what = describe(context);
        if (trigger != RestartTrigger.PROCESS_EXIT && context.lastStart().isPresent()) {
            Instant graceEnd = context.lastStart().get().plus(config.startupGracePeriod());
            if (now.isBefore(graceEnd)) {
                return new RestartDecision.Ignored(what + "; ignored inside the startup grace period ("
                        + Durations.format(config.startupGracePeriod()) + ") until " + graceEnd);
            }
        }
        if (config.mode() == RestartMode.NEVER) {
            return new RestartDecision.NoRestart(what + "; restart_policy is never");
        }
        if (trigger == RestartTrigger.PROCESS_EXIT && config.mode() == RestartMode.ON_FAILURE) {
            ExitStatus exit = context.exit().orElse(ExitStatus.unknown("no exit status"));
            if (exit.isSuccess(config.successExitCodes())) {
                return new RestartDecision.NoRestart(what + ", a success; restart_policy is on-failure");
            }
        }
        RetryBudget budget = config.budgetFor(trigger);
        Instant since = now.minus(config.window());
        if (context.lastStart().isPresent()
                && Duration.between(context.lastStart().get(), now).compareTo(config.resetAfter()) >= 0
                && context.lastStart().get().isAfter(since)) {
            since = context.lastStart().get();   // a stable run forgets what came before it
        }
        List<RestartHistory.Attempt> counted = context.history().counted(trigger, since);
        if (counted.size() >= budget.maxRetries()) {
            Instant retryAt = counted.isEmpty() ? now : counted.get(0).at().plus(config.window());
            return new RestartDecision.CircuitOpen(retryAt, what + "; circuit open: " + counted.size() + " of "
                    + budget.maxRetries() + " " + budgetName(trigger) + " restarts used within "
                    + Durations.format(config.window()) + "; retry at " + retryAt);
        }
        int attempt = counted.size() + 1;
        Duration delay = delay(config, budget, attempt, context.severity(), random);
        return new RestartDecision.RestartAfter(delay, attempt, what + "; restart " + attempt + " of "
                + budget.maxRetries() + " in " + Durations.format(delay.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));   // jitter makes nanoseconds; people read milliseconds
    }

    /** The capped, scaled and jittered delay of {@code attempt}. */
    public static Duration delay(RestartConfig config, RetryBudget budget, int attempt, Severity severity,
                          RandomGenerator random) {
        Duration max = config.maxDelay();
        Duration initial = budget.retryDelay().compareTo(max) > 0 ? max : budget.retryDelay();
        Duration base = Backoff.exponential(initial, budget.backoffRate(), max).delay(attempt);
        double scale = config.severityMultiplier(severity) * config.profileMultiplier();
        double nanos = Math.min(max.toNanos(), base.toNanos() * scale);
        Backoff scaled = ignored -> Duration.ofNanos((long) nanos);
        return scaled.withJitter(config.jitter(), max, random).delay(attempt);
    }

    private static String describe(RestartContext context) {
        switch (context.trigger()) {
            case PROCESS_EXIT:
                return context.exit().map(ExitStatus::describe).orElse("exited");
            case HEALTH_FAILURE:
                return "health check failed (" + context.severity().yamlName() + ")";
            case RESOURCE_VIOLATION:
                return "resource limit exceeded (" + context.severity().yamlName() + ")";
            default:
                return "manual restart";
        }
    }

    private static String budgetName(RestartTrigger trigger) {
        switch (trigger) {
            case HEALTH_FAILURE:
                return "health-failure";
            case RESOURCE_VIOLATION:
                return "resource-violation";
            default:
                return "process-exit";
        }
    }
}
