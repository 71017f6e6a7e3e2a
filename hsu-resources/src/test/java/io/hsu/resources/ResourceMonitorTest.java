package io.hsu.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsu.core.FakeScheduler;
import io.hsu.core.WorkerId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

final class ResourceMonitorTest {
    private static final long MIB = 1 << 20;
    private final FakeScheduler scheduler = new FakeScheduler();

    /** A sampler whose values the test sets; CPU time grows by {@code cpuPerSecond} of a core. */
    private static final class ScriptedSampler implements UsageSampler {
        volatile long rss;
        volatile int processes = 1;

        @Override
        public RawUsage sample(SampleTarget target) {
            return new RawUsage(rss, 0, 0, 0, 1, processes, 3, 0, 0, 0, 0);
        }

        @Override
        public long[] pids(SampleTarget target) {
            return new long[] {target.pid()};
        }
    }

    private static final class RecordingThrottle implements CpuThrottle {
        final List<Double> applied = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public void apply(double percent) {
            applied.add(percent);
        }

        @Override
        public double appliedPercent() {
            return applied.isEmpty() ? 0 : applied.get(applied.size() - 1);
        }

        @Override
        public String mechanism() {
            return "recording";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private ResourceMonitor.Builder monitor(ScriptedSampler sampler, ResourceLimits limits, ViolationWindows windows) {
        return ResourceMonitor.builder(WorkerId.of("web"), 4242).limits(limits).windows(windows).scheduler(scheduler)
                .executor(Runnable::run).sampler(sampler);
    }

    private static ResourceLimits rssLimit(LimitPolicy policy, Duration interval) {
        return ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, 100 * MIB)
                .rule(LimitCategory.MEMORY, CategoryRule.DEFAULT.withPolicy(policy))
                .monitoring(MonitoringConfig.DEFAULT.withInterval(interval)).build();
    }

    @Test
    void sampling_followsInterval_andKeepsBoundedHistory() {
        ScriptedSampler sampler = new ScriptedSampler();
        ResourceLimits limits = ResourceLimits.builder().monitoring(new MonitoringConfig(true, Duration.ofSeconds(10),
                Duration.ofSeconds(30), true, SamplingScope.TREE)).build();
        try (ResourceMonitor m = monitor(sampler, limits, ViolationWindows.DEFAULT).build()) {
            m.start();
            scheduler.advance(Duration.ofSeconds(9));
            assertThat(m.latest()).isEmpty();

            scheduler.advance(Duration.ofSeconds(51));

            assertThat(m.history()).hasSize(3);
            assertThat(m.history().get(2).at()).isEqualTo(scheduler.now());
        }
    }

    @Test
    void restartPolicy_actsAfterSustainedWindow_notOnSpike() {
        ScriptedSampler sampler = new ScriptedSampler();
        List<ResourceEvent> events = new CopyOnWriteArrayList<>();
        try (ResourceMonitor m = monitor(sampler, rssLimit(LimitPolicy.RESTART, Duration.ofSeconds(1)),
                new ViolationWindows(Duration.ofSeconds(3), Duration.ofSeconds(10))).build()) {
            m.events().subscribe(events::add);
            m.start();
            sampler.rss = 150 * MIB;          // a 2-second spike
            scheduler.advance(Duration.ofSeconds(2));
            sampler.rss = 10 * MIB;
            scheduler.advance(Duration.ofSeconds(5));
            assertThat(events).isEmpty();

            sampler.rss = 150 * MIB;          // sustained
            scheduler.advance(Duration.ofSeconds(10));
            assertThat(events).noneMatch(ResourceViolation.class::isInstance);
            scheduler.advance(Duration.ofSeconds(1));

            assertThat(events).filteredOn(ResourceViolation.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((ResourceViolation) e).decision().policy()).isEqualTo(LimitPolicy.RESTART));
        }
    }

    @Test
    void logPolicy_publishesNoViolation_noneNothing() {
        for (LimitPolicy policy : List.of(LimitPolicy.LOG, LimitPolicy.NONE)) {
            ScriptedSampler sampler = new ScriptedSampler();
            List<ResourceEvent> events = new CopyOnWriteArrayList<>();
            try (ResourceMonitor m = monitor(sampler, rssLimit(policy, Duration.ofSeconds(1)),
                    new ViolationWindows(Duration.ZERO, Duration.ZERO)).build()) {
                m.events().subscribe(events::add);
                m.start();
                sampler.rss = 150 * MIB;
                scheduler.advance(Duration.ofSeconds(3));
                assertThat(events).as(policy.yamlName()).noneMatch(ResourceViolation.class::isInstance);
            }
        }
    }

    @Test
    void throttlePolicy_appliesThrottle_andCloseReleasesIt() {
        ScriptedSampler sampler = new ScriptedSampler();
        RecordingThrottle throttle = new RecordingThrottle();
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, 100 * MIB)
                .limit(LimitKind.CPU_PERCENT, 40).policy(LimitCategory.CPU, LimitPolicy.THROTTLE)
                .monitoring(MonitoringConfig.DEFAULT.withInterval(Duration.ofSeconds(1))).build();
        ResourceMonitor m = monitor(sampler, limits, new ViolationWindows(Duration.ZERO, Duration.ZERO))
                .throttle(throttle).sampler(new UsageSampler() {
                    long cpu;

                    @Override
                    public RawUsage sample(SampleTarget target) {
                        cpu += 900_000_000L;   // 90 % of a core per 1 s sample
                        return new RawUsage(0, 0, 0, cpu, 1, 1, 3, 0, 0, 0, 0);
                    }

                    @Override
                    public long[] pids(SampleTarget target) {
                        return new long[] {target.pid()};
                    }
                }).build();
        m.start();
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(throttle.applied).containsExactly(40.0);
        assertThat(m.isThrottling()).isTrue();
        m.close();
        assertThat(throttle.closed).isTrue();
    }

    @Test
    void enforcementDegraded_publishedOnceAtStart() {
        PreparedEnforcement degraded = new PreparedEnforcement(WorkerId.of("web"), null, List.of(), null,
                "worker 'web': cannot make a cgroup: no such controller; running with monitoring only");
        List<ResourceEvent> events = new CopyOnWriteArrayList<>();
        try (ResourceMonitor m = monitor(new ScriptedSampler(), ResourceLimits.NONE, ViolationWindows.DEFAULT)
                .enforcement(degraded).build()) {
            m.events().subscribe(events::add);
            m.start();
            scheduler.advance(Duration.ofMinutes(2));
        }
        assertThat(events).singleElement().isInstanceOf(EnforcementDegraded.class)
                .extracting(e -> ((EnforcementDegraded) e).reason())
                .isEqualTo("worker 'web': cannot make a cgroup: no such controller; running with monitoring only");
    }

    @Test
    void start_twice_rejected() {
        try (ResourceMonitor m = monitor(new ScriptedSampler(), ResourceLimits.NONE, ViolationWindows.DEFAULT).build()) {
            m.start();
            assertThatThrownBy(m::start).hasMessage("resource monitor of worker 'web' was already started");
        }
    }

    @Test
    void builder_throttleOnMemory_rejected() {
        ResourceLimits limits = ResourceLimits.builder().policy(LimitCategory.MEMORY, LimitPolicy.THROTTLE).build();
        assertThatThrownBy(() -> ResourceMonitor.builder(WorkerId.of("a"), 1).limits(limits))
                .hasMessage("limits.memory.policy throttle applies to cpu only");
    }

    @Test
    void close_stopsSampling() {
        ScriptedSampler sampler = new ScriptedSampler();
        ResourceMonitor m = monitor(sampler, rssLimit(LimitPolicy.ALERT, Duration.ofSeconds(1)), ViolationWindows.DEFAULT).build();
        m.start();
        scheduler.advance(Duration.ofSeconds(2));
        m.close();
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(m.history()).hasSize(2);
        assertThat(scheduler.pendingDelays()).isEmpty();
    }
}
