package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.ExitStatus;
import io.hsu.core.FakeScheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.statemachine.WorkerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seam for health and resources, with simple in-test extensions. */
@Tag("process")
final class ExtensionIT {
    @TempDir
    Path dir;

    /** Stands in for a health checker or resource monitor. */
    static final class TestExtension implements WorkerExtension {
        final AtomicReference<Context> context = new AtomicReference<>();
        final List<Long> started = new CopyOnWriteArrayList<>();
        LaunchContribution contribution = LaunchContribution.none();
        boolean markOom;
        volatile boolean closed;

        @Override
        public String name() {
            return "test";
        }

        @Override
        public void bind(Context context) {
            this.context.set(context);
        }

        @Override
        public LaunchContribution beforeLaunch() {
            return contribution;
        }

        @Override
        public void processStarted(long pid) {
            started.add(pid);
        }

        @Override
        public ExitStatus processExited(ExitStatus status) {
            return markOom && status instanceof ExitStatus.Signaled ? ((ExitStatus.Signaled) status).asOomKill() : status;
        }

        @Override
        public Object status() {
            return "ok " + started.size();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void healthFailure_afterTheGracePeriod_restartsWithItsOwnBudget_insideItIsIgnored() {
        FakeScheduler time = new FakeScheduler();
        WorkerId id = Fixtures.uniqueId("health");
        TestExtension health = new TestExtension();
        RestartConfig restart = RestartConfig.builder().jitter(0).startupGracePeriod(Duration.ofSeconds(30))
                .healthFailures(RetryBudget.of(2, Duration.ofSeconds(3), 1.0)).build();
        List<ProcessEvent> events = new CopyOnWriteArrayList<>();
        try (ProcessControl worker = ProcessControl.builder(Fixtures.config(id, dir, Path.of("/bin/sleep"), "1000")
                .restart(restart).build()).scheduler(time).extension(health).build()) {
            worker.events().subscribe(events::add);
            long first = worker.start().join().pid().getAsLong();

            health.context.get().reportFailure(RestartTrigger.HEALTH_FAILURE, Severity.CRITICAL, "liveness failed");
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                    .until(() -> worker.snapshot().state() == WorkerState.RUNNING);

            time.advance(Duration.ofSeconds(31));
            health.context.get().reportFailure(RestartTrigger.HEALTH_FAILURE, Severity.CRITICAL, "liveness failed");
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.RESTARTING);
            assertThat(worker.snapshot().reason()).isEqualTo("health check failed (critical); restart 1 of 2 in 3s");
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessIdentity.read((int) first).isEmpty());
            time.advance(Duration.ofSeconds(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.RUNNING);

            assertThat(worker.snapshot().pid().getAsLong()).isNotEqualTo(first);
            assertThat(health.started).containsExactly(first, worker.snapshot().pid().getAsLong());
            assertThat(events).anyMatch(e -> e instanceof ProcessEvent.RestartScheduled
                    && ((ProcessEvent.RestartScheduled) e).trigger() == RestartTrigger.HEALTH_FAILURE);
            assertThat(worker.status().extensions()).containsEntry("test", "ok 2");
        }
        assertThat(health.closed).isTrue();
    }

    @Test
    void launchContribution_prlimitAppliesToTheWorkersOwnPid_andExitsCanBeRefined() throws Exception {
        TestExtension resources = new TestExtension();
        resources.contribution = new LaunchContribution(List.of("--nofile=64:64"), List.of());
        resources.markOom = true;
        Path self = Fixtures.script(dir, "self.sh", "exec sleep 1000");
        ProcessConfig config = Fixtures.config(Fixtures.uniqueId("limits"), dir, self)
                .restart(RestartConfig.builder().mode(RestartMode.NEVER).build()).build();
        try (ProcessControl worker = ProcessControl.builder(config).extension(resources).build()) {
            long pid = worker.start().join().pid().getAsLong();
            await().atMost(Duration.ofSeconds(5)).until(() -> ProcessIdentity.read((int) pid).orElseThrow().command()
                    .equals("sleep"));
            assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/limits")))
                    .anyMatch(line -> line.matches("Max open files\\s+64\\s+64\\s+files\\s*"));

            io.hsu.core.posix.Posix.get().kill((int) pid, io.hsu.core.posix.Signal.KILL);

            await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.EXITED);
            assertThat(worker.snapshot().lastExit()).contains(ExitStatus.signaled(9).asOomKill());
        }
    }
}
