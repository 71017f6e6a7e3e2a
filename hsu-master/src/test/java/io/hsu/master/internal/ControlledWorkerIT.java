package io.hsu.master.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.WorkerEvent;
import io.hsu.health.FileCheckConfig;
import io.hsu.health.HealthConfig;
import io.hsu.health.HealthEvent;
import io.hsu.health.ProbeConfig;
import io.hsu.logs.OutputCollector;
import io.hsu.master.config.WorkerConfig;
import io.hsu.processcontrol.ProcessConfig;
import io.hsu.processcontrol.RestartConfig;
import io.hsu.processcontrol.RetryBudget;
import io.hsu.resources.LimitCategory;
import io.hsu.resources.LimitKind;
import io.hsu.resources.LimitPolicy;
import io.hsu.resources.MonitoringConfig;
import io.hsu.resources.ResourceLimits;
import io.hsu.resources.ResourceViolation;
import io.hsu.resources.ViolationWindows;
import io.hsu.statemachine.WorkerState;
import io.hsu.statemachine.WorkerStateChanged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** processcontrol's health and resource extensions wired into a master worker: its stream, its health. */
@Tag("process")
final class ControlledWorkerIT {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @TempDir
    Path dir;
    private StateDirectory state;
    private final List<ControlledWorker> workers = new ArrayList<>();

    @BeforeEach
    void lockStateDirectory() {
        state = StateDirectory.lock(dir.resolve("state"), ProcessHandle.current().pid());
    }

    @AfterEach
    void closeWorkers_andUnlockStateDirectory() {
        workers.forEach(ControlledWorker::close);   // stops their processes
        state.close();
    }

    private ControlledWorker open(WorkerConfig config) {
        ControlledWorker worker = new ControlledWorker(config, state, Scheduler.system(), OutputCollector.discarding());
        workers.add(worker);
        return worker;
    }

    private static WorkerConfig.Builder sleeper(String prefix, RestartConfig restart) {
        WorkerConfig base = WorkerConfig.managed(prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet(),
                Path.of("/bin/sleep"), "1000");
        ProcessConfig process = base.process().orElseThrow().toBuilder().restart(restart).build();
        return base.toBuilder().process(process);
    }

    private static ProbeConfig fileProbe(Path file) {
        return ProbeConfig.builder(FileCheckConfig.exists(file)).period(Duration.ofMillis(100))
                .timeout(Duration.ofMillis(500)).failureThreshold(2).build();
    }

    @Test
    void healthEvents_reachTheWorkersStream_acrossRestarts_andHealthFollowsLiveness() throws Exception {
        Path alive = Files.writeString(dir.resolve("alive"), "yes");
        RestartConfig restart = RestartConfig.builder().jitter(0).startupGracePeriod(Duration.ZERO)
                .healthFailures(RetryBudget.of(3, Duration.ofMillis(50), 1.0)).build();
        WorkerConfig config = sleeper("health", restart).health(HealthConfig.builder().liveness(fileProbe(alive)).build())
                .build();
        List<WorkerEvent> events = new CopyOnWriteArrayList<>();
        ControlledWorker worker = open(config);
        worker.events().subscribe(events::add);
        assertThat(worker.isHealthy()).isFalse();

        worker.start("test");
        await().atMost(Duration.ofSeconds(10)).until(worker::isHealthy);
        long first = worker.snapshot().pid().orElseThrow();

        Files.delete(alive);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e instanceof HealthEvent.LivenessFailed));
        Files.writeString(alive, "yes");
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.isHealthy() && worker.snapshot().pid().orElse(first) != first);

        assertThat(events).anyMatch(e -> e instanceof WorkerStateChanged c && c.to() == WorkerState.RESTARTING);
        assertThat(events).filteredOn(e -> e instanceof HealthEvent.StartupSucceeded)   // one per process
                .hasSizeGreaterThanOrEqualTo(2).allMatch(e -> e.workerId().equals(config.id()));
    }

    @Test
    void startupProbe_holdsStarting_andTheWorkerIsNotHealthyUntilItPasses() throws Exception {
        Path started = dir.resolve("started");
        WorkerConfig config = sleeper("startup", RestartConfig.ofDefaults())
                .health(HealthConfig.builder().startup(fileProbe(started).toBuilder().failureThreshold(1000).build()).build())
                .build();
        ControlledWorker worker = open(config);
        worker.start("test");
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().pid().isPresent());
        assertThat(worker.snapshot().state()).isEqualTo(WorkerState.STARTING);
        assertThat(worker.isHealthy()).isFalse();

        Files.writeString(started, "yes");
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.RUNNING);
        assertThat(worker.isHealthy()).isTrue();
    }

    @Test
    void resourceViolation_reachesTheWorkersStream_andGracefulShutdownStopsTheWorker() {
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, 1024)   // 1 KiB: always over
                .policy(LimitCategory.MEMORY, LimitPolicy.GRACEFUL_SHUTDOWN)
                .monitoring(MonitoringConfig.DEFAULT.withInterval(Duration.ofMillis(100))).build();
        WorkerConfig config = sleeper("rss", RestartConfig.ofDefaults()).limits(limits)
                .violationWindows(new ViolationWindows(Duration.ZERO, Duration.ZERO)).build();
        List<WorkerEvent> events = new CopyOnWriteArrayList<>();
        ControlledWorker worker = open(config);
        worker.events().subscribe(events::add);
        worker.start("test");

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.STOPPED);
        List<WorkerEvent> violations = events.stream().filter(e -> e instanceof ResourceViolation).toList();
        assertThat(violations).hasSize(1);
        ResourceViolation violation = (ResourceViolation) violations.get(0);
        assertThat(violation.kind()).isEqualTo(LimitKind.MEMORY_RSS);
        assertThat(events).filteredOn(e -> e instanceof WorkerStateChanged c && c.to() == WorkerState.STOPPING)
                .singleElement().satisfies(e -> assertThat(((WorkerStateChanged) e).reason())
                        .isEqualTo(violation.describe() + ": SIGTERM to the process tree, SIGKILL after 30s"));
        long pid = events.stream().filter(e -> e instanceof WorkerStateChanged c && c.to() == WorkerState.RUNNING)
                .mapToLong(e -> ((WorkerStateChanged) e).pid().orElseThrow()).findFirst().orElseThrow();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(worker.hasLiveProcess()).isFalse();
    }
}
