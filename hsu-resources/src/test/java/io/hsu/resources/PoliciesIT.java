package io.hsu.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.FakeScheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.Subscription;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.Signal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every policy once, against a real 60 MiB process over a 40 MiB max_rss. This module decides; the
 * stop and restart decisions are carried out here the way process control does (signals, the
 * cgroup's kill, a new process with the adjusted limits). Throttle needs real time: see ThrottleIT.
 */
@Tag("process")
final class PoliciesIT {
    private static final long MIB = 1 << 20;
    private final Fixtures fixtures = new Fixtures();
    private final FakeScheduler scheduler = new FakeScheduler();

    @AfterEach
    void cleanUp() {
        fixtures.close();
    }

    private Process hog(List<String> prefix) {
        List<String> cmd = new java.util.ArrayList<>(prefix);
        cmd.addAll(Fixtures.python("import sys\nb = b'x' * (60 << 20)\nprint('ready', flush=True)\nsys.stdin.readline()"));
        Process p = fixtures.start(cmd);
        assertThat(Fixtures.readLine(p)).isEqualTo("ready");
        return p;
    }

    private static ResourceLimits limits(LimitPolicy policy, long rssMib) {
        return ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, rssMib * MIB)
                .policy(LimitCategory.MEMORY, policy)
                .monitoring(MonitoringConfig.DEFAULT.withInterval(Duration.ofSeconds(1))).build();
    }

    /** Runs a monitor over {@code p} for 5 fake seconds, with {@code actor} carrying out decisions. */
    private List<ResourceEvent> watch(Process p, ResourceLimits limits, ResourceLimits configured,
                                      Consumer<ResourceViolation> actor) {
        List<ResourceEvent> events = new CopyOnWriteArrayList<>();
        try (ResourceMonitor monitor = ResourceMonitor.builder(WorkerId.of("hog"), p.pid()).limits(limits)
                .configuredLimits(configured).windows(new ViolationWindows(Duration.ZERO, Duration.ofSeconds(2)))
                .scheduler(scheduler).executor(Runnable::run).build();
             Subscription all = monitor.events().subscribe(events::add);
             Subscription act = monitor.events().on(ResourceViolation.class, actor)) {
            monitor.start();
            scheduler.advance(Duration.ofSeconds(5));
        }
        return events;
    }

    private static List<ResourceViolation> violations(List<ResourceEvent> events) {
        return events.stream().filter(ResourceViolation.class::isInstance).map(ResourceViolation.class::cast).toList();
    }

    @Test
    void none_andLog_publishNoViolation() {
        Process p = hog(List.of());
        for (LimitPolicy policy : List.of(LimitPolicy.NONE, LimitPolicy.LOG)) {
            List<ResourceEvent> events = watch(p, limits(policy, 40), limits(policy, 40), v -> { });
            assertThat(violations(events)).as(policy.yamlName()).isEmpty();
        }
        assertThat(p.isAlive()).isTrue();
    }

    @Test
    void alert_publishesViolation_processKeepsRunning() {
        Process p = hog(List.of());
        List<ResourceEvent> events = watch(p, limits(LimitPolicy.ALERT, 40), limits(LimitPolicy.ALERT, 40), v -> { });
        assertThat(violations(events)).singleElement().satisfies(v -> {
            assertThat(v.decision()).isEqualTo(PolicyDecision.of(LimitPolicy.ALERT));
            assertThat(v.severity()).isEqualTo(Severity.CRITICAL);
        });
        assertThat(p.isAlive()).isTrue();
    }

    @Test
    void gracefulShutdown_stopSignalEndsTheWorker() throws Exception {
        Process p = hog(List.of("/usr/bin/setsid"));
        watch(p, limits(LimitPolicy.GRACEFUL_SHUTDOWN, 40), limits(LimitPolicy.GRACEFUL_SHUTDOWN, 40), v -> {
            assertThat(v.decision().policy().stopsWorker()).isTrue();
            Posix.get().killGroup((int) p.pid(), Signal.TERM);
        });
        assertThat(p.waitFor()).isEqualTo(128 + 15);
    }

    @Test
    void immediateKill_cgroupKillEndsTheWorker() throws Exception {
        ResourceLimits limits = limits(LimitPolicy.IMMEDIATE_KILL, 40);
        // the cgroup's own memory limit would OOM-kill it first; this test is about the monitor's decision
        PreparedEnforcement e = fixtures.prepare("hog-kill", ResourceLimits.builder().build(),
                EnforcementConfig.DEFAULT.withCgroup(CgroupMode.REQUIRED).withCgroupParent(Fixtures.uniqueParent()));
        Process p = hog(e.wrap(List.of("/usr/bin/env")));
        watch(p, limits, limits, v -> e.kill());
        assertThat(p.waitFor()).isEqualTo(128 + 9);
        assertThat(e.isOomKilled()).isFalse();
    }

    @Test
    void restart_newProcessReplacesTheOld() throws Exception {
        Process first = hog(List.of());
        AtomicReference<Process> second = new AtomicReference<>();
        watch(first, limits(LimitPolicy.RESTART, 40), limits(LimitPolicy.RESTART, 40), v -> {
            first.destroyForcibly();
            second.set(fixtures.start(Fixtures.python("import sys; sys.stdin.readline()")));
        });
        assertThat(first.waitFor()).isEqualTo(128 + 9);
        assertThat(second.get()).isNotNull();
        assertThat(second.get().isAlive()).isTrue();
    }

    @Test
    void restartAdjusted_restartsWithRaisedLimit_underWhichTheWorkerFits() throws Exception {
        ResourceLimits configured = ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, 40 * MIB)
                .rule(LimitCategory.MEMORY, new CategoryRule(80, LimitPolicy.RESTART_ADJUSTED, 2.0, 3.0))
                .monitoring(MonitoringConfig.DEFAULT.withInterval(Duration.ofSeconds(1))).build();
        Process first = hog(List.of());
        AtomicReference<ResourceLimits> adjusted = new AtomicReference<>();
        watch(first, configured, configured, v -> {
            adjusted.set(v.decision().adjustedLimits().orElseThrow());
            first.destroyForcibly();
        });
        assertThat(first.waitFor()).isEqualTo(128 + 9);
        assertThat(adjusted.get().limit(LimitKind.MEMORY_RSS)).isEqualTo(80.0 * MIB);

        Process second = hog(List.of());
        List<ResourceEvent> events = watch(second, adjusted.get(), configured, v -> { });

        assertThat(violations(events)).isEmpty();
        assertThat(second.isAlive()).isTrue();
    }
}
