package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.resources.LimitCategory;
import io.hsu.resources.LimitKind;
import io.hsu.resources.LimitPolicy;
import io.hsu.resources.MonitoringConfig;
import io.hsu.resources.ResourceEvent;
import io.hsu.resources.ResourceLimits;
import io.hsu.resources.ResourceUsage;
import io.hsu.resources.ResourceViolation;
import io.hsu.resources.ViolationWindows;
import io.hsu.statemachine.WorkerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hsu-resources wired in: rlimits in the launch chain, usage in the status, violations restart. */
@Tag("process")
final class ResourceExtensionIT {
    private static final ViolationWindows AT_ONCE = new ViolationWindows(Duration.ZERO, Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void fileDescriptorLimit_appliesToTheWorkersOwnPid_andUsageIsReported() throws Exception {
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.FILE_DESCRIPTORS, 64)
                .monitoring(MonitoringConfig.DEFAULT.withInterval(Duration.ofMillis(100))).build();
        try (ProcessControl worker = ProcessControl.builder(Fixtures.config(Fixtures.uniqueId("fds"), dir,
                        Path.of("/bin/sleep"), "1000").build())
                .extension(ResourceExtension.of(limits, AT_ONCE, Scheduler.system())).build()) {
            long pid = worker.start().join().pid().getAsLong();

            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readAllLines(Path.of("/proc/" + pid + "/limits"))
                    .stream().anyMatch(l -> l.matches("Max open files\\s+64\\s+64\\s+files\\s*")));
            await().atMost(Duration.ofSeconds(5)).until(() -> worker.status().extensions().get("resources")
                    instanceof ResourceUsage);
        }
    }

    @Test
    void memoryViolation_withPolicyRestart_restartsThroughTheCircuitBreaker_andEveryMonitorsEventsAreRepublished() {
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, 1024)   // 1 KiB: always over
                .policy(LimitCategory.MEMORY, LimitPolicy.RESTART)
                .monitoring(MonitoringConfig.DEFAULT.withInterval(Duration.ofMillis(100))).build();
        RestartConfig restart = RestartConfig.builder().jitter(0).startupGracePeriod(Duration.ZERO)
                .resourceViolations(RetryBudget.of(2, Duration.ofMillis(10), 1.0)).build();
        WorkerId id = Fixtures.uniqueId("rss");
        List<ProcessEvent> events = new CopyOnWriteArrayList<>();
        List<ResourceEvent> resourceEvents = new CopyOnWriteArrayList<>();
        ResourceExtension extension = ResourceExtension.of(limits, AT_ONCE, Scheduler.system());
        extension.events().subscribe(resourceEvents::add);   // before the first process: lasts across restarts
        try (ProcessControl worker = ProcessControl.builder(Fixtures.config(id, dir, Path.of("/bin/sleep"), "1000")
                        .restart(restart).build())
                .extension(extension).build()) {
            worker.events().subscribe(events::add);
            worker.start().join();

            // two restarts for resource violations, then the budget is spent
            await().atMost(Duration.ofSeconds(15)).until(() -> worker.snapshot().state() == WorkerState.FAILED);
            assertThat(events).filteredOn(e -> e instanceof ProcessEvent.RestartScheduled)
                    .allMatch(e -> ((ProcessEvent.RestartScheduled) e).trigger() == RestartTrigger.RESOURCE_VIOLATION)
                    .hasSize(2);
            assertThat(worker.snapshot().reason()).contains("circuit open: 2 of 2 resource-violation restarts");
            // one violation from each of the three processes' monitors
            assertThat(resourceEvents).filteredOn(e -> e instanceof ResourceViolation).hasSize(3)
                    .allMatch(e -> ((ResourceViolation) e).kind() == LimitKind.MEMORY_RSS && e.workerId().equals(id));
            await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.processesOf(id).isEmpty());
        }
    }

    @Test
    void memoryViolation_withPolicyRestartAdjusted_restartsWithTheLimitRaised_upToItsCeiling() {
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, 1024)   // 1 KiB: always over
                .rule(LimitCategory.MEMORY, new io.hsu.resources.CategoryRule(80, LimitPolicy.RESTART_ADJUSTED, 2.0, 4.0))
                .monitoring(MonitoringConfig.DEFAULT.withInterval(Duration.ofMillis(100))).build();
        RestartConfig restart = RestartConfig.builder().jitter(0).startupGracePeriod(Duration.ZERO)
                .resourceViolations(RetryBudget.of(3, Duration.ofMillis(10), 1.0)).build();
        WorkerId id = Fixtures.uniqueId("adjusted");
        List<ResourceViolation> violations = new CopyOnWriteArrayList<>();
        ResourceExtension extension = ResourceExtension.of(limits, AT_ONCE, Scheduler.system());
        extension.events().on(ResourceViolation.class, violations::add);
        try (ProcessControl worker = ProcessControl.builder(Fixtures.config(id, dir, Path.of("/bin/sleep"), "1000")
                        .restart(restart).build())
                .extension(extension).build()) {
            worker.start().join();

            await().atMost(Duration.ofSeconds(15)).until(() -> worker.snapshot().state() == WorkerState.FAILED);
            // each process is watched under the limit its predecessor's violation raised: x2, capped at x4
            assertThat(violations).extracting(ResourceViolation::limit).containsExactly(1024.0, 2048.0, 4096.0, 4096.0);
            await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.processesOf(id).isEmpty());
        }
    }
}
