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

    /** CPU percent of {@code target} over {@code seconds} of wall time. */
    private double measure(SampleTarget target, int seconds) {
        RawUsage first = sampler.sample(target);
        long start = System.nanoTime();
        await().pollDelay(Duration.ofSeconds(seconds)).atMost(Duration.ofSeconds(seconds + 1)).until(() -> true);
        RawUsage last = sampler.sample(target);
        return 100.0 * (last.cpuTimeNanos() - first.cpuTimeNanos()) / (System.nanoTime() - start);
    }

    /**
     * Asserts the throttled usage is near the limit. The machine is shared, so a burner may get less
     * than a core even unthrottled: the floor is what it got unthrottled, if that is below the limit.
     */
    private static void assertNearLimit(double unthrottled, double throttled) {
        System.out.printf("limit %.0f%%: unthrottled %.1f%%, throttled %.1f%% over 3 s%n", LIMIT, unthrottled, throttled);
        assertThat(throttled).isBetween(Math.min(LIMIT, unthrottled) - TOLERANCE, LIMIT + TOLERANCE);
    }

    @Test
    void cgroupQuota_holdsBurnerNearLimit() {
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.CPU_PERCENT, LIMIT)
                .policy(LimitCategory.CPU, LimitPolicy.THROTTLE).build();
        PreparedEnforcement e = fixtures.prepare("burn-cg", limits,
                EnforcementConfig.DEFAULT.withCgroup(CgroupMode.REQUIRED).withCgroupParent(Fixtures.uniqueParent()));
        CpuThrottle throttle = e.cpuThrottle().orElseThrow(() -> new AssertionError("no cpu controller: " + e));
        Process p = fixtures.start(e.wrap(burner()));
        SampleTarget target = e.sampleTarget(p.pid(), SamplingScope.TREE);
        double unthrottled = measure(target, 1);

        throttle.apply(LIMIT);

        assertThat(throttle.mechanism()).startsWith("cgroup");
        assertNearLimit(unthrottled, measure(target, 3));
        throttle.close();
    }

    @Test
    void dutyCycle_holdsBurnerNearLimit_andCloseContinuesIt() {
        Process p = fixtures.start(burner());
        SampleTarget target = SampleTarget.tree(p.pid());
        DutyCycleThrottle throttle = new DutyCycleThrottle(Scheduler.system(), () -> sampler.pids(target),
                () -> sampler.sample(target).cpuTimeNanos());
        double unthrottled = measure(target, 1);

        throttle.apply(LIMIT);
        double percent = measure(target, 3);
        throttle.close();

        assertNearLimit(unthrottled, percent);
        // never left stopped: it burns again
        long before = sampler.sample(target).cpuTimeNanos();
        await().atMost(Duration.ofSeconds(5)).until(() -> sampler.sample(target).cpuTimeNanos() - before > 300_000_000L);
    }

    @Test
    void monitorThrottlePolicy_actsOnViolation_thenHoldsTheLimit() {
        // given: the throttle policy, no cgroup, sampling every 200 ms on the real clock
        Process p = fixtures.start(burner());
        double unthrottled = measure(SampleTarget.tree(p.pid()), 1);
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
            assertNearLimit(unthrottled, measure(SampleTarget.tree(p.pid()), 3));
        }
    }
}
