package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.health.FileCheckConfig;
import io.hsu.health.HealthConfig;
import io.hsu.health.HealthEvent;
import io.hsu.health.HealthSnapshot;
import io.hsu.health.ProbeConfig;
import io.hsu.statemachine.LifecycleEvent;
import io.hsu.statemachine.ProcessIdAssigned;
import io.hsu.statemachine.WorkerSnapshot;
import io.hsu.statemachine.WorkerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hsu-health wired in: startup probes hold STARTING, liveness failures restart. */
@Tag("process")
final class HealthExtensionIT {
    @TempDir
    Path dir;

    private static ProbeConfig fileProbe(Path file, int failureThreshold) {
        return ProbeConfig.builder(FileCheckConfig.exists(file)).period(Duration.ofMillis(100))
                .timeout(Duration.ofMillis(500)).failureThreshold(failureThreshold).build();
    }

    @Test
    void startupProbe_holdsStarting_untilItPasses() {
        Path ready = dir.resolve("ready");
        Path slow = Fixtures.script(dir, "slow.sh", "sleep 0.3\ntouch '" + ready + "'\nexec sleep 1000");
        HealthConfig health = HealthConfig.builder().startup(fileProbe(ready, 100)).build();
        WorkerId id = Fixtures.uniqueId("startup");
        List<LifecycleEvent> lifecycle = new CopyOnWriteArrayList<>();
        try (ProcessControl worker = ProcessControl.builder(Fixtures.config(id, dir, slow).build())
                .extension(HealthExtension.of(health, Scheduler.system())).build()) {
            worker.lifecycle().subscribe(lifecycle::add);

            WorkerSnapshot running = worker.start().join();

            assertThat(running.state()).isEqualTo(WorkerState.RUNNING);
            assertThat(running.reason()).isEqualTo("startup probe passed (pid " + running.pid().getAsLong() + ")");
            assertThat(lifecycle).anyMatch(e -> e instanceof ProcessIdAssigned && e.state() == WorkerState.STARTING);
            assertThat(worker.status().extensions().get("health")).isInstanceOfSatisfying(HealthSnapshot.class,
                    s -> assertThat(s.started()).isTrue());
        }
    }

    @Test
    void startupProbe_givingUp_stopsTheProcess_andTheWorkerFails() {
        Path never = dir.resolve("never");
        HealthConfig health = HealthConfig.builder().startup(fileProbe(never, 3)).build();
        WorkerId id = Fixtures.uniqueId("nostart");
        ProcessConfig config = Fixtures.config(id, dir, Path.of("/bin/sleep"), "1000")
                .restart(RestartConfig.builder().mode(RestartMode.NEVER).build()).build();
        try (ProcessControl worker = ProcessControl.builder(config)
                .extension(HealthExtension.of(health, Scheduler.system())).build()) {
            assertThatThrownBy(() -> worker.start().join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(SpawnFailedException.class).hasMessageStartingWith("worker '" + id
                            + "': startup probe failed: ");
            await().atMost(Duration.ofSeconds(5)).until(() -> worker.snapshot().state() == WorkerState.FAILED);
            assertThat(worker.snapshot().reason()).startsWith("startup probe failed: ").endsWith("restart_policy is never");
            await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.processesOf(id).isEmpty());
        }
    }

    @Test
    void livenessFailure_restartsTheProcess_andEventsAndHealthFollowEachProcess() throws Exception {
        Path alive = Files.writeString(dir.resolve("alive"), "yes");
        HealthConfig health = HealthConfig.builder().liveness(fileProbe(alive, 2)).build();
        RestartConfig restart = RestartConfig.builder().jitter(0).startupGracePeriod(Duration.ZERO)
                .healthFailures(RetryBudget.of(3, Duration.ofMillis(50), 1.0)).build();
        WorkerId id = Fixtures.uniqueId("live");
        List<ProcessEvent> events = new CopyOnWriteArrayList<>();
        List<HealthEvent> healthEvents = new CopyOnWriteArrayList<>();
        HealthExtension extension = HealthExtension.of(health, Scheduler.system());
        extension.events().subscribe(healthEvents::add);   // before the first process: lasts across restarts
        try (ProcessControl worker = ProcessControl.builder(Fixtures.config(id, dir, Path.of("/bin/sleep"), "1000")
                .restart(restart).build()).extension(extension).build()) {
            worker.events().subscribe(events::add);
            assertThat(extension.isHealthy()).isFalse();   // no process yet
            long first = worker.start().join().pid().getAsLong();
            await().atMost(Duration.ofSeconds(5)).until(extension::isHealthy);

            Files.delete(alive);
            await().atMost(Duration.ofSeconds(5)).until(() -> !extension.isHealthy());
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof ProcessEvent.RestartScheduled));
            Files.writeString(alive, "yes");
            ProcessEvent.RestartScheduled scheduled = (ProcessEvent.RestartScheduled) events.stream()
                    .filter(e -> e instanceof ProcessEvent.RestartScheduled).findFirst().orElseThrow();
            assertThat(scheduled.trigger()).isEqualTo(RestartTrigger.HEALTH_FAILURE);
            assertThat(scheduled.reason()).isEqualTo("health check failed (critical); restart 1 of 3 in 50ms");

            await().atMost(Duration.ofSeconds(5)).until(() -> worker.snapshot().state() == WorkerState.RUNNING
                    && worker.snapshot().pid().getAsLong() != first);
            await().atMost(Duration.ofSeconds(5)).until(() -> ProcessIdentity.read((int) first).isEmpty());
            await().atMost(Duration.ofSeconds(5)).until(extension::isHealthy);
            assertThat(healthEvents).filteredOn(e -> e instanceof HealthEvent.LivenessFailed).isNotEmpty();
            assertThat(healthEvents).filteredOn(e -> e instanceof HealthEvent.StartupSucceeded)   // one per process
                    .hasSizeGreaterThanOrEqualTo(2).allMatch(e -> e.workerId().equals(id));
        }
    }

    @Test
    void withoutProbes_nothingHoldsStarting_andTheWorkerIsHealthy() {
        HealthExtension extension = HealthExtension.of(HealthConfig.builder().build(), Scheduler.system());
        List<HealthEvent> healthEvents = new CopyOnWriteArrayList<>();
        extension.events().subscribe(healthEvents::add);
        WorkerId id = Fixtures.uniqueId("noprobe");
        try (ProcessControl worker = ProcessControl.builder(Fixtures.config(id, dir, Path.of("/bin/sleep"), "1000").build())
                .extension(extension).build()) {
            WorkerSnapshot running = worker.start().join();

            assertThat(running.state()).isEqualTo(WorkerState.RUNNING);
            assertThat(running.reason()).isEqualTo("started pid " + running.pid().getAsLong());
            assertThat(extension.holdsStarting()).isFalse();
            assertThat(extension.isHealthy()).isTrue();
            assertThat(worker.status().extensions()).doesNotContainKey("health");
            assertThat(healthEvents).isEmpty();
        }
    }
}
