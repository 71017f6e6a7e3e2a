package io.hsu.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsu.core.FakeScheduler;
import io.hsu.core.WorkerId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Roles, thresholds and events, on fake time with checks run in line. */
final class HealthCheckerTest {
    private static final WorkerId WEB = WorkerId.of("web");

    private final FakeScheduler scheduler = new FakeScheduler();
    private final ScriptedProbe startup = new ScriptedProbe("startup-check");
    private final ScriptedProbe readiness = new ScriptedProbe("readiness-check");
    private final ScriptedProbe liveness = new ScriptedProbe("liveness-check");
    private final List<HealthEvent> events = new CopyOnWriteArrayList<>();
    private HealthChecker checker;

    @AfterEach
    void close() {
        if (checker != null) {
            checker.close();
        }
    }

    private static ProbeConfig.Builder probe(String name) {
        return ProbeConfig.builder(TcpCheckConfig.of(name, 1)).period(Duration.ofSeconds(1));
    }

    private HealthChecker checker(HealthConfig config) {
        Map<String, ScriptedProbe> byHost = Map.of("startup", startup, "readiness", readiness, "liveness", liveness);
        checker = HealthChecker.create(WEB, config, scheduler, ProbeTarget.NONE, Runnable::run, Runnable::run,
                (check, target) -> byHost.get(((TcpCheckConfig) check).host()));
        checker.events().subscribe(events::add);
        return checker;
    }

    private List<String> eventLines() {
        return events.stream().map(HealthCheckerTest::line).collect(Collectors.toList());
    }

    private static String line(HealthEvent e) {
        if (e instanceof HealthEvent.StartupSucceeded s) {
            return s.sequence() + " started: " + s.message();
        }
        if (e instanceof HealthEvent.StartupFailed f) {
            return f.sequence() + " start failed: " + f.reason();
        }
        if (e instanceof HealthEvent.ReadinessChanged r) {
            return r.sequence() + " ready=" + r.ready() + ": " + r.reason();
        }
        if (e instanceof HealthEvent.LivenessFailed l) {
            return l.sequence() + " liveness failed: " + l.reason();
        }
        HealthEvent.ProbeStatusChanged c = (HealthEvent.ProbeStatusChanged) e;
        return c.sequence() + " " + c.role().displayName() + " " + c.from().displayName() + " -> " + c.to().displayName();
    }

    @Test
    void start_withoutProbes_isStartedAndReadyAtOnce() {
        checker(HealthConfig.none()).start();

        assertThat(eventLines()).containsExactly("1 started: no startup probe", "2 ready=true: no readiness probe");
        HealthSnapshot s = checker.snapshot();
        assertThat(s.started()).isTrue();
        assertThat(s.ready()).isTrue();
        assertThat(s.liveness()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(s.probes()).isEmpty();
        assertThat(s.lastMessage()).isEmpty();
    }

    @Test
    void snapshot_beforeStart_isNotStarted() {
        checker(HealthConfig.builder().liveness(probe("liveness").build()).build());

        HealthSnapshot s = checker.snapshot();
        assertThat(s.started()).isFalse();
        assertThat(s.ready()).isFalse();
        assertThat(s.status(ProbeRole.LIVENESS)).isEqualTo(HealthStatus.UNKNOWN);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(liveness.checks).hasValue(0);
    }

    @Test
    void startupProbe_gatesReadinessAndLiveness_untilItPasses() {
        checker(HealthConfig.builder()
                .startup(probe("startup").failureThreshold(10).build())
                .readiness(probe("readiness").initialDelay(Duration.ofSeconds(2)).build())
                .liveness(probe("liveness").build())
                .build()).start();
        startup.failing("refused");

        scheduler.advance(Duration.ofSeconds(3));

        assertThat(startup.checks).hasValue(4);   // at 0, 1, 2 and 3 s
        assertThat(readiness.checks).hasValue(0);
        assertThat(liveness.checks).hasValue(0);
        assertThat(checker.snapshot().started()).isFalse();
        assertThat(checker.snapshot().status(ProbeRole.STARTUP)).isEqualTo(HealthStatus.DEGRADED);

        startup.healthy();
        scheduler.advance(Duration.ofSeconds(1));   // startup passes at 4 s; liveness checks at once

        assertThat(checker.snapshot().started()).isTrue();
        assertThat(checker.snapshot().ready()).isFalse();
        assertThat(liveness.checks).hasValue(1);
        assertThat(readiness.checks).hasValue(0);   // its initial delay runs from the start

        scheduler.advance(Duration.ofSeconds(2));
        assertThat(readiness.checks).hasValue(1);
        assertThat(checker.snapshot().ready()).isTrue();
        assertThat(startup.checks).hasValue(5);   // stopped once passed
        assertThat(startup.closed).isTrue();
        assertThat(eventLines()).containsExactly(
                "1 startup unknown -> degraded",
                "2 startup degraded -> healthy",
                "3 started: startup-check: ok",
                "4 liveness unknown -> healthy",
                "5 readiness unknown -> healthy",
                "6 ready=true: readiness-check: ok");
    }

    @Test
    void startupProbe_reachingItsFailureThreshold_failsTheStartAndStopsEverything() {
        checker(HealthConfig.builder()
                .startup(probe("startup").failureThreshold(3).build())
                .liveness(probe("liveness").build())
                .build()).start();
        startup.failing("connection refused");

        scheduler.advance(Duration.ofSeconds(10));

        assertThat(startup.checks).hasValue(3);
        assertThat(liveness.checks).hasValue(0);
        assertThat(scheduler.pendingDelays()).isEmpty();
        assertThat(startup.closed).isTrue();
        assertThat(liveness.closed).isTrue();
        String reason = "startup probe tcp startup:1 failed 3 times in a row: startup-check: connection refused";
        assertThat(checker.snapshot().startupFailure()).contains(reason);
        assertThat(checker.snapshot().started()).isFalse();
        assertThat(eventLines()).containsExactly(
                "1 startup unknown -> degraded",
                "2 startup degraded -> unhealthy",
                "3 start failed: " + reason);
        HealthEvent.StartupFailed failed = (HealthEvent.StartupFailed) events.get(2);
        assertThat(failed.workerId()).isEqualTo(WEB);
        assertThat(failed.lastResult().message()).isEqualTo("startup-check: connection refused");
        assertThat(failed.at()).isEqualTo(scheduler.now().minusSeconds(8));
    }

    @Test
    void readiness_flipsOnlyAtItsThresholds_andNeverFailsLiveness() {
        checker(HealthConfig.builder()
                .readiness(probe("readiness").successThreshold(2).failureThreshold(2).build())
                .build()).start();
        events.clear();

        scheduler.advance(Duration.ofSeconds(1));   // 2 successes
        readiness.failing("HTTP 503");
        scheduler.advance(Duration.ofSeconds(1));   // 1 failure: still ready, degraded
        assertThat(checker.snapshot().ready()).isTrue();
        assertThat(checker.snapshot().status(ProbeRole.READINESS)).isEqualTo(HealthStatus.DEGRADED);
        scheduler.advance(Duration.ofSeconds(1));   // 2 failures: not ready
        readiness.healthy();
        scheduler.advance(Duration.ofSeconds(1));   // 1 success: still not ready
        assertThat(checker.snapshot().ready()).isFalse();
        scheduler.advance(Duration.ofSeconds(1));   // 2 successes: ready

        assertThat(eventLines()).containsExactly(
                "2 readiness unknown -> healthy",
                "3 ready=true: readiness-check: ok",
                "4 readiness healthy -> degraded",
                "5 readiness degraded -> unhealthy",
                "6 ready=false: readiness-check: HTTP 503",
                "7 readiness unhealthy -> healthy",
                "8 ready=true: readiness-check: ok");
        assertThat(checker.snapshot().liveness()).isEqualTo(HealthStatus.UNKNOWN);
    }

    @Test
    void liveness_reachingItsFailureThreshold_publishesLivenessFailedOnce() {
        checker(HealthConfig.builder().liveness(probe("liveness").failureThreshold(3).build()).build()).start();
        events.clear();
        scheduler.advance(Duration.ZERO);
        liveness.failing("HTTP 503");

        scheduler.advance(Duration.ofSeconds(5));   // 5 failures

        assertThat(eventLines()).containsExactly(
                "3 liveness unknown -> healthy",
                "4 liveness healthy -> degraded",
                "5 liveness degraded -> unhealthy",
                "6 liveness failed: liveness probe tcp liveness:1 failed 3 times in a row: liveness-check: HTTP 503");
        HealthSnapshot s = checker.snapshot();
        assertThat(s.liveness()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(s.lastMessage()).isEqualTo("liveness-check: HTTP 503");
        assertThat(s.probes().get(ProbeRole.LIVENESS).consecutiveFailures()).isEqualTo(5);
        assertThat(s.probes().get(ProbeRole.LIVENESS).checks()).isEqualTo(6);
        assertThat(s.ready()).isTrue();

        liveness.healthy();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(checker.snapshot().liveness()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void snapshot_showsEveryResult_evenThoseThatChangeNoStatus_andStaysTheSameValueUntilTheNext() {
        checker(HealthConfig.builder().liveness(probe("liveness").build()).build()).start();
        scheduler.advance(Duration.ZERO);
        HealthSnapshot first = checker.snapshot();
        assertThat(first.probes().get(ProbeRole.LIVENESS).checks()).isEqualTo(1);
        assertThat(checker.snapshot()).isSameAs(first);   // nothing new: the same value

        scheduler.advance(Duration.ofSeconds(3));   // three more healthy results, no status change

        HealthSnapshot later = checker.snapshot();
        assertThat(later.probes().get(ProbeRole.LIVENESS).checks()).isEqualTo(4);
        assertThat(later.probes().get(ProbeRole.LIVENESS).consecutiveSuccesses()).isEqualTo(4);
        assertThat(later.liveness()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(later.lastMessage()).isEqualTo(first.lastMessage());
        assertThat(first.probes().get(ProbeRole.LIVENESS).checks()).as("an older snapshot never changes").isEqualTo(1);
    }

    @Test
    void aCheckThatThrows_countsAsAFailureWithTheException() {
        checker(HealthConfig.builder().liveness(probe("liveness").failureThreshold(1).build()).build()).start();
        liveness.answering(() -> {
            throw new IllegalStateException("boom");
        });

        scheduler.advance(Duration.ZERO);

        assertThat(checker.snapshot().lastMessage()).isEqualTo("liveness-check: java.lang.IllegalStateException: boom");
        assertThat(checker.snapshot().liveness()).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void aCheckThatHangs_failsAtItsTimeout_isInterrupted_andIsNeverRunTwiceAtOnce() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            liveness.answering(() -> {
                entered.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return ProbeResult.healthy("too late");
            });
            checker = HealthChecker.create(WEB, HealthConfig.builder()
                            .liveness(probe("liveness").timeout(Duration.ofSeconds(2)).failureThreshold(1).build()).build(),
                    scheduler, ProbeTarget.NONE, threads, Runnable::run, (check, target) -> liveness);
            checker.start();
            scheduler.advance(Duration.ZERO);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            scheduler.advance(Duration.ofSeconds(2));   // ticks at 1 s and 2 s find it still running
            assertThat(liveness.checks).hasValue(1);
            assertThat(checker.snapshot().liveness()).isEqualTo(HealthStatus.UNKNOWN);

            scheduler.advance(ProbeRunner.GUARD_GRACE);

            assertThat(checker.snapshot().lastMessage()).isEqualTo("liveness-check: no answer within 2s");
            assertThat(checker.snapshot().lastLatency()).isEqualTo(Duration.ofMillis(2250));
            assertThat(checker.snapshot().liveness()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            checker.close();
            threads.shutdownNow();
        }
    }

    @Test
    void listeners_ofAStartupThatPassedOnACheckThread_areNotInterrupted() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            checker = HealthChecker.create(WEB, HealthConfig.builder().startup(probe("startup").build()).build(),
                    scheduler, ProbeTarget.NONE, threads, Runnable::run, (check, target) -> startup);
            checker.events().on(HealthEvent.StartupSucceeded.class, e -> interrupted.complete(Thread.currentThread().isInterrupted()));
            checker.start();

            scheduler.advance(Duration.ZERO);

            assertThat(interrupted.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(startup.closed).isTrue();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void close_isIdempotent_stopsTheProbes_andPublishesNothingMore() {
        checker(HealthConfig.builder().liveness(probe("liveness").build()).build()).start();
        scheduler.advance(Duration.ZERO);
        int before = events.size();

        checker.close();
        checker.close();
        liveness.failing("down");
        scheduler.advance(Duration.ofSeconds(10));

        assertThat(checker.isClosed()).isTrue();
        assertThat(liveness.closed).isTrue();
        assertThat(liveness.checks).hasValue(1);
        assertThat(events).hasSize(before);
        assertThat(scheduler.pendingDelays()).isEmpty();
        assertThatThrownBy(checker::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("health checker of worker 'web' is closed");
    }

    @Test
    void ticks_fallOnATenMillisecondGrid_atAFixedRate() {
        scheduler.advance(Duration.ofMillis(3));
        checker(HealthConfig.builder().liveness(probe("liveness").initialDelay(Duration.ofMillis(500)).build()).build()).start();

        scheduler.advance(Duration.ofMillis(506));
        assertThat(liveness.checks).hasValue(0);
        scheduler.advance(Duration.ofMillis(1));   // 3 + 500, rounded up to 510 ms
        assertThat(liveness.checks).hasValue(1);
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(liveness.checks).hasValue(11);
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(1000));
    }

    @Test
    void start_twice_startsOnce() {
        checker(HealthConfig.builder().liveness(probe("liveness").build()).build());
        checker.start();
        checker.start();

        scheduler.advance(Duration.ZERO);

        assertThat(liveness.checks).hasValue(1);
    }
}
