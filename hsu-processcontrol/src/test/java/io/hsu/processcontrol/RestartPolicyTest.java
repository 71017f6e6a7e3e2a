package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hsu.core.ExitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

final class RestartPolicyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final RestartConfig NO_JITTER = RestartConfig.builder().jitter(0).build();

    private static RestartDecision decide(RestartConfig config, ExitStatus exit, RestartHistory history, Instant start,
                                          Instant now) {
        return RestartPolicy.of(config).decide(RestartContext.exit(exit, history, start, now));
    }

    @Test
    void onFailure_successCode_doesNotRestart() {
        RestartConfig config = NO_JITTER.toBuilder().successExitCodes(Set.of(0, 2)).build();
        assertThat(decide(config, ExitStatus.exited(2), RestartHistory.empty(), T0, T0.plusSeconds(1)))
                .isEqualTo(new RestartDecision.NoRestart("exited 2, a success; restart_policy is on-failure"));
        assertThat(decide(config, ExitStatus.exited(1), RestartHistory.empty(), T0, T0.plusSeconds(1)))
                .isEqualTo(new RestartDecision.RestartAfter(Duration.ofSeconds(5), 1, "exited 1; restart 1 of 3 in 5s"));
    }

    @Test
    void jitteredDelay_isReportedInWholeMilliseconds() {
        RestartConfig config = RestartConfig.builder().jitter(0.1).build();
        RestartDecision decision = RestartPolicy.of(config, RandomGenerator.of("L64X128MixRandom"))
                .decide(RestartContext.exit(ExitStatus.exited(1), RestartHistory.empty(), T0, T0.plusSeconds(1)));

        assertThat(decision).isInstanceOfSatisfying(RestartDecision.RestartAfter.class,
                r -> assertThat(r.reason()).matches("exited 1; restart 1 of 3 in [45]s([0-9]{1,3}ms)?"));
    }

    @Test
    void unknownExitStatus_countsAsFailure() {
        assertThat(decide(NO_JITTER, ExitStatus.unknown("adopted"), RestartHistory.empty(), T0, T0))
                .isInstanceOf(RestartDecision.RestartAfter.class);
    }

    @Test
    void modes_neverAndAlways() {
        RestartConfig never = NO_JITTER.toBuilder().mode(RestartMode.NEVER).build();
        RestartConfig always = NO_JITTER.toBuilder().mode(RestartMode.ALWAYS).build();
        assertThat(decide(never, ExitStatus.signaled(9), RestartHistory.empty(), T0, T0))
                .isEqualTo(new RestartDecision.NoRestart("killed by SIGKILL; restart_policy is never"));
        assertThat(decide(always, ExitStatus.exited(0), RestartHistory.empty(), T0, T0))
                .isInstanceOf(RestartDecision.RestartAfter.class);
    }

    @Test
    void budgetSpent_opensTheCircuitUntilTheOldestRestartLeavesTheWindow() {
        RestartHistory history = RestartHistory.empty().with(T0, RestartTrigger.PROCESS_EXIT)
                .with(T0.plusSeconds(10), RestartTrigger.PROCESS_EXIT).with(T0.plusSeconds(30), RestartTrigger.PROCESS_EXIT);
        RestartDecision d = decide(NO_JITTER, ExitStatus.exited(1), history, T0.plusSeconds(40), T0.plusSeconds(41));
        assertThat(d).isEqualTo(new RestartDecision.CircuitOpen(T0.plus(Duration.ofMinutes(10)),
                "exited 1; circuit open: 3 of 3 process-exit restarts used within 10m; retry at 2026-01-01T00:10:00Z"));
        // once the oldest leaves the window, one restart is free again: attempt 3
        RestartDecision later = decide(NO_JITTER, ExitStatus.exited(1), history, T0.plusSeconds(40),
                T0.plus(Duration.ofMinutes(10)).plusSeconds(1));
        assertThat(later).isEqualTo(new RestartDecision.RestartAfter(Duration.ofMillis(11250), 3,
                "exited 1; restart 3 of 3 in 11s250ms"));
    }

    @Test
    void stableUptime_forgetsEarlierFailures() {
        RestartHistory history = RestartHistory.empty().with(T0, RestartTrigger.PROCESS_EXIT)
                .with(T0.plusSeconds(5), RestartTrigger.PROCESS_EXIT).with(T0.plusSeconds(12), RestartTrigger.PROCESS_EXIT);
        Instant start = T0.plusSeconds(20);
        assertThat(decide(NO_JITTER, ExitStatus.exited(1), history, start, start.plus(Duration.ofMinutes(9))))
                .isInstanceOf(RestartDecision.CircuitOpen.class);
        assertThat(decide(NO_JITTER, ExitStatus.exited(1), history, start, start.plus(Duration.ofMinutes(10))))
                .isEqualTo(new RestartDecision.RestartAfter(Duration.ofSeconds(5), 1, "exited 1; restart 1 of 3 in 5s"));
    }

    @Test
    void healthFailure_insideTheGracePeriodFromEachStart_isIgnored() {
        RestartPolicy policy = RestartPolicy.of(NO_JITTER);
        Instant start = T0.plus(Duration.ofHours(1));
        RestartDecision inside = policy.decide(RestartContext.failure(RestartTrigger.HEALTH_FAILURE, Severity.CRITICAL,
                RestartHistory.empty(), start, start.plusSeconds(119)));
        assertThat(inside).isEqualTo(new RestartDecision.Ignored("health check failed (critical); ignored inside the"
                + " startup grace period (2m) until 2026-01-01T01:02:00Z"));
        assertThat(policy.decide(RestartContext.failure(RestartTrigger.HEALTH_FAILURE, Severity.CRITICAL,
                RestartHistory.empty(), start, start.plusSeconds(120)))).isInstanceOf(RestartDecision.RestartAfter.class);
    }

    @Test
    void budgets_areSeparatePerTrigger_andMultipliersScaleTheDelay() {
        RestartConfig config = NO_JITTER.toBuilder().profile("database").build();   // x5
        RestartHistory exits = RestartHistory.empty().with(T0, RestartTrigger.PROCESS_EXIT)
                .with(T0, RestartTrigger.PROCESS_EXIT).with(T0, RestartTrigger.PROCESS_EXIT);
        RestartDecision d = RestartPolicy.of(config).decide(RestartContext.failure(RestartTrigger.RESOURCE_VIOLATION,
                Severity.WARNING, exits, T0.minus(Duration.ofHours(1)), T0.plusSeconds(1)));
        // resource budget: 10s x 0.5 (warning) x 5 (database) = 25s
        assertThat(d).isEqualTo(new RestartDecision.RestartAfter(Duration.ofSeconds(25), 1,
                "resource limit exceeded (warning); restart 1 of 5 in 25s"));
    }

    @Test
    void manual_alwaysRestartsAtOnce() {
        RestartConfig never = NO_JITTER.toBuilder().mode(RestartMode.NEVER).build();
        assertThat(RestartPolicy.of(never).decide(new RestartContext(RestartTrigger.MANUAL, java.util.Optional.empty(),
                Severity.CRITICAL, RestartHistory.empty(), java.util.Optional.empty(), T0)))
                .isEqualTo(new RestartDecision.RestartAfter(Duration.ZERO, 1, "manual restart"));
    }

    @Test
    void delay_isCappedAndJittered_forAnyHistory() {
        qt().forAll(integers().between(0, 20), longs().between(0, 3_600), integers().between(1, 30))
                .checkAssert((restarts, retrySeconds, maxRetries) -> {
                    RestartConfig config = RestartConfig.builder().processExits(RetryBudget.of(maxRetries,
                                    Duration.ofSeconds(retrySeconds), 2.0)).profile("batch")
                            .maxDelay(Duration.ofMinutes(5)).build();
                    RestartHistory history = RestartHistory.empty();
                    for (int i = 0; i < restarts; i++) {
                        history = history.with(T0.plusSeconds(i), RestartTrigger.PROCESS_EXIT);
                    }
                    RestartDecision d = RestartPolicy.of(config, RandomGenerator.of("L64X128MixRandom"))
                            .decide(RestartContext.exit(ExitStatus.exited(1), history, T0.plusSeconds(restarts),
                                    T0.plusSeconds(restarts + 1)));
                    if (restarts >= maxRetries) {
                        assertThat(d).isInstanceOf(RestartDecision.CircuitOpen.class);
                    } else {
                        assertThat(((RestartDecision.RestartAfter) d).delay()).isBetween(Duration.ZERO, Duration.ofMinutes(5));
                        assertThat(((RestartDecision.RestartAfter) d).attempt()).isEqualTo(restarts + 1);
                    }
                });
    }
}
