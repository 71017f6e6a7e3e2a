package io.hsu.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.resources.internal.linux.DutyCycleThrottle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A one-core CPU burner held near 30 % of a core, measured over 3 seconds. */
@Tag("process")
final class ThrottleIT {
    private static final double LIMIT = 30;
    private static final double TOLERANCE = 12;
    private final Fixtures fixtures = new Fixtures();
    private final UsageSampler sampler = UsageSampler.forCurrentPlatform();

    @AfterEach
    void cleanUp() {
        fixtures.close();
    }

    private static List<String> burner() {
        return List.of("/bin/sh", "-c", "while :; do :; done");
    }

    /** CPU percent of {@code target} over about three seconds of wall time. */
    private double measure(SampleTarget target) {
        RawUsage first = sampler.sample(target);
        long start = System.nanoTime();
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        RawUsage last = sampler.sample(target);
        double percent = 100.0 * (last.cpuTimeNanos() - first.cpuTimeNanos()) / (System.nanoTime() - start);
        System.out.printf("throttled to %.0f%%: measured %.1f%%%n", LIMIT, percent);
        return percent;
    }

    @Test
    void cgroupQuota_holdsBurnerNearLimit() {
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.CPU_PERCENT, LIMIT)
                .policy(LimitCategory.CPU, LimitPolicy.THROTTLE).build();
        PreparedEnforcement e = fixtures.prepare("burn-cg", limits,
                EnforcementConfig.DEFAULT.withCgroup(CgroupMode.REQUIRED).withCgroupParent(Fixtures.uniqueParent()));
        CpuThrottle throttle = e.cpuThrottle().orElseThrow(() -> new AssertionError("no cpu controller: " + e));
        Process p = fixtures.start(e.wrap(burner()));

        throttle.apply(LIMIT);

        assertThat(throttle.mechanism()).startsWith("cgroup");
        assertThat(measure(e.sampleTarget(p.pid(), SamplingScope.TREE))).isBetween(LIMIT - TOLERANCE, LIMIT + TOLERANCE);
        throttle.close();
    }

    @Test
    void dutyCycle_holdsBurnerNearLimit_andCloseContinuesIt() {
        Process p = fixtures.start(burner());
        SampleTarget target = SampleTarget.tree(p.pid());
        DutyCycleThrottle throttle = new DutyCycleThrottle(Scheduler.system(), () -> sampler.pids(target));

        throttle.apply(LIMIT);
        double percent = measure(target);
        throttle.close();

        assertThat(percent).isBetween(LIMIT - TOLERANCE, LIMIT + TOLERANCE);
        // never left stopped: it burns again
        long before = sampler.sample(target).cpuTimeNanos();
        await().atMost(Duration.ofSeconds(5)).until(() -> sampler.sample(target).cpuTimeNanos() - before > 300_000_000L);
    }

    @Test
    void monitorThrottlePolicy_actsOnViolation_thenHoldsTheLimit() {
        // given: the throttle policy, no cgroup, sampling every 200 ms on the real clock
        Process p = fixtures.start(burner());
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.CPU_PERCENT, LIMIT)
                .policy(LimitCategory.CPU, LimitPolicy.THROTTLE)
                .monitoring(MonitoringConfig.DEFAULT.withInterval(Duration.ofMillis(200))).build();
        List<ResourceViolation> violations = new CopyOnWriteArrayList<>();
        try (ResourceMonitor monitor = ResourceMonitor.builder(WorkerId.of("burner"), p.pid()).limits(limits)
                .windows(new ViolationWindows(Duration.ZERO, Duration.ofMillis(400))).build()) {
            monitor.events().on(ResourceViolation.class, violations::add);
            monitor.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> !violations.isEmpty());
            assertThat(monitor.isThrottling()).isTrue();

            assertThat(violations).first().satisfies(v -> {
                assertThat(v.kind()).isEqualTo(LimitKind.CPU_PERCENT);
                assertThat(v.decision().policy()).isEqualTo(LimitPolicy.THROTTLE);
            });
            assertThat(monitor.throttle().orElseThrow().mechanism()).isEqualTo("SIGSTOP/SIGCONT duty cycling");
            assertThat(measure(SampleTarget.tree(p.pid()))).isBetween(LIMIT - TOLERANCE, LIMIT + TOLERANCE);
        }
    }
}
