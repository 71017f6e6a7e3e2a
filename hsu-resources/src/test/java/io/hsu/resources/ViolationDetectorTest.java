package io.hsu.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ViolationDetectorTest {
    private static final WorkerId WORKER = WorkerId.of("web");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long MIB = 1 << 20;

    private static ResourceLimits memoryLimit(long bytes, LimitPolicy policy) {
        return ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, bytes)
                .rule(LimitCategory.MEMORY, CategoryRule.DEFAULT.withPolicy(policy)).build();
    }

    private static ResourceUsage rss(int second, long bytes) {
        return new ResourceUsage(T0.plusSeconds(second), bytes, 0, 0, 0, 0, 1, 1, 3, 0, 0, 0, 0, 0, 0);
    }

    private static List<ResourceEvent> feed(ViolationDetector detector, long[] rssMib, int stepSeconds) {
        List<ResourceEvent> events = new ArrayList<>();
        for (int i = 0; i < rssMib.length; i++) {
            events.addAll(detector.observe(rss(i * stepSeconds, rssMib[i] * MIB)));
        }
        return events;
    }

    @Test
    void observe_spikeShorterThanTolerance_noEvent() {
        ResourceLimits limits = memoryLimit(100 * MIB, LimitPolicy.RESTART);
        ViolationDetector detector = new ViolationDetector(WORKER, limits, limits,
                new ViolationWindows(Duration.ofSeconds(30), Duration.ofMinutes(1)));

        List<ResourceEvent> events = feed(detector, new long[] {50, 150, 150, 150, 50, 50}, 5);   // 15 s above

        assertThat(events).isEmpty();
    }

    @Test
    void observe_exceededShorterThanSustained_warnsButDoesNotAct() {
        ResourceLimits limits = memoryLimit(100 * MIB, LimitPolicy.RESTART);
        ViolationDetector detector = new ViolationDetector(WORKER, limits, limits,
                new ViolationWindows(Duration.ZERO, Duration.ofSeconds(30)));

        List<ResourceEvent> events = feed(detector, new long[] {50, 150, 150, 150, 50}, 10);   // 20 s above

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(ResourceWarning.class);
        assertThat(events.get(1)).isInstanceOf(ResourceRecovered.class);
    }

    @Test
    void observe_sustainedViolation_restartDecisionOnce() {
        ResourceLimits limits = memoryLimit(100 * MIB, LimitPolicy.RESTART);
        ViolationDetector detector = new ViolationDetector(WORKER, limits, limits,
                new ViolationWindows(Duration.ofSeconds(10), Duration.ofSeconds(30)));

        List<ResourceEvent> events = feed(detector, new long[] {50, 150, 150, 150, 150, 150, 150}, 10);

        List<ResourceViolation> violations = events.stream().filter(ResourceViolation.class::isInstance)
                .map(ResourceViolation.class::cast).toList();
        assertThat(violations).hasSize(1);
        ResourceViolation v = violations.get(0);
        assertThat(v.at()).isEqualTo(T0.plusSeconds(40));
        assertThat(v.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(v.limit()).isEqualTo(100.0 * MIB);
        assertThat(v.value()).isEqualTo(150.0 * MIB);
        assertThat(v.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(v.decision()).isEqualTo(PolicyDecision.of(LimitPolicy.RESTART));
        assertThat(v.describe()).isEqualTo("worker 'web': memory.max_rss 157286400 > 104857600 bytes for PT30S, "
                + "critical -> restart");
        assertThat(events.stream().mapToLong(ResourceEvent::sequence)).isSorted();
    }

    @Test
    void observe_twiceTheLimit_emergency() {
        ResourceLimits limits = memoryLimit(100 * MIB, LimitPolicy.IMMEDIATE_KILL);
        ViolationDetector detector = new ViolationDetector(WORKER, limits, limits, new ViolationWindows(Duration.ZERO,
                Duration.ZERO));

        List<ResourceEvent> events = detector.observe(rss(0, 200 * MIB));

        assertThat(events).filteredOn(ResourceViolation.class::isInstance).singleElement()
                .extracting(e -> ((ResourceViolation) e).severity()).isEqualTo(Severity.EMERGENCY);
    }

    @Test
    void observe_newExcursionAfterRecovery_actsAgain() {
        ResourceLimits limits = memoryLimit(100 * MIB, LimitPolicy.ALERT);
        ViolationDetector detector = new ViolationDetector(WORKER, limits, limits,
                new ViolationWindows(Duration.ZERO, Duration.ofSeconds(10)));

        List<ResourceEvent> events = feed(detector, new long[] {150, 150, 10, 150, 150}, 10);

        assertThat(events).filteredOn(ResourceViolation.class::isInstance).hasSize(2);
    }

    @Test
    void observe_restartAdjusted_raisesLimitUpToCeiling() {
        ResourceLimits configured = ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, 100 * MIB)
                .rule(LimitCategory.MEMORY, new CategoryRule(80, LimitPolicy.RESTART_ADJUSTED, 2.0, 3.0)).build();
        ResourceLimits current = configured;
        List<Double> raised = new ArrayList<>();
        for (int restart = 0; restart < 3; restart++) {
            ViolationDetector detector = new ViolationDetector(WORKER, current, configured,
                    new ViolationWindows(Duration.ZERO, Duration.ZERO));
            ResourceViolation v = (ResourceViolation) detector.observe(rss(0, 1000 * MIB)).stream()
                    .filter(ResourceViolation.class::isInstance).findFirst().orElseThrow();
            current = v.decision().adjustedLimits().orElseThrow();
            raised.add(current.limit(LimitKind.MEMORY_RSS) / MIB);
        }
        assertThat(raised).containsExactly(200.0, 300.0, 300.0);
    }

    @Test
    void observe_cpuPercentAndChildren_readFromUsage() {
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.CPU_CORES, 1).limit(LimitKind.CHILD_PROCESSES, 2)
                .rule(LimitCategory.CPU, CategoryRule.DEFAULT.withPolicy(LimitPolicy.ALERT))
                .rule(LimitCategory.PROCESS, CategoryRule.DEFAULT.withPolicy(LimitPolicy.ALERT)).build();
        ViolationDetector detector = new ViolationDetector(WORKER, limits, limits, new ViolationWindows(Duration.ZERO,
                Duration.ZERO));
        ResourceUsage usage = new ResourceUsage(T0, 0, 0, 0, 150, 0, 4, 4, 10, 0, 0, 0, 0, 0, 0);

        List<ResourceEvent> events = detector.observe(usage);

        assertThat(events).filteredOn(ResourceViolation.class::isInstance)
                .extracting(e -> ((ResourceViolation) e).kind(), e -> ((ResourceViolation) e).value())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LimitKind.CPU_CORES, 1.5),
                        org.assertj.core.groups.Tuple.tuple(LimitKind.CHILD_PROCESSES, 3.0));
    }
}
