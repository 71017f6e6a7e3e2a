package io.hsu.master;

import io.hsu.core.event.EventPublisher;
import io.hsu.core.event.EventSource;
import io.hsu.core.event.WorkerEvent;
import io.hsu.core.internal.SerialExecutor;
import io.hsu.health.HealthEvent;
import io.hsu.master.config.WorkerConfig;
import io.hsu.master.internal.WorkerRuntime;
import io.hsu.statemachine.WorkerSnapshot;
import io.hsu.statemachine.WorkerState;
import io.hsu.statemachine.WorkerStateMachine;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A worker without a process: start and stop move its state at once; tests set its health. */
final class FakeRuntime implements WorkerRuntime {
    private final WorkerConfig config;
    private final SerialExecutor serial;
    private final WorkerStateMachine machine;
    private final EventPublisher<WorkerEvent> events = new EventPublisher<>();
    private final List<String> journal;
    private volatile boolean healthy;
    volatile boolean stubborn; // ignores stop until kill()
    private CompletableFuture<WorkerSnapshot> pendingStop;

    FakeRuntime(WorkerConfig config, List<String> journal) {
        this.config = config;
        this.journal = journal;
        this.serial = new SerialExecutor("fake " + config.id());
        this.machine = WorkerStateMachine.builder(config.id()).executor(serial).build();
        machine.events().subscribe(events::publish);
    }

    @Override
    public WorkerConfig config() {
        return config;
    }

    @Override
    public WorkerSnapshot snapshot() {
        return machine.snapshot();
    }

    @Override
    public EventSource<WorkerEvent> events() {
        return events;
    }

    @Override
    public boolean isHealthy() {
        return machine.state() == WorkerState.RUNNING && healthy;
    }

    void setHealthy(boolean value) {
        serial.execute(() -> {
            healthy = value;
            events.publish(new HealthEvent.ReadinessChanged(config.id(), Instant.now(), 0, value, "test"));
        });
    }

    void exit(io.hsu.core.ExitStatus status) {
        serial.execute(() -> machine.moveTo(WorkerState.EXITED, status.describe(), status));
    }

    @Override
    public void start(String reason) {
        serial.execute(() -> {
            if (machine.state().mayHaveProcess()) {
                return;
            }
            journal.add("start " + config.id());
            machine.moveTo(WorkerState.STARTING, reason);
            machine.moveTo(WorkerState.RUNNING, "fake", 1000);
        });
    }

    @Override
    public CompletableFuture<WorkerSnapshot> stop(String reason, boolean onRequest) {
        CompletableFuture<WorkerSnapshot> result = new CompletableFuture<>();
        serial.execute(() -> {
            if (!machine.state().mayHaveProcess()) {
                machine.tryMoveTo(WorkerState.STOPPED, reason);
                result.complete(machine.snapshot());
                return;
            }
            journal.add("stop " + config.id());
            machine.moveTo(WorkerState.STOPPING, reason);
            if (stubborn) {
                pendingStop = result;
                return;
            }
            machine.moveTo(WorkerState.STOPPED, "stopped");
            result.complete(machine.snapshot());
        });
        return result;
    }

    @Override
    public void restart(String reason) {
        stop(reason, false).thenRun(() -> start(reason));
    }

    @Override
    public void kill() {
        serial.execute(() -> {
            journal.add("kill " + config.id());
            if (pendingStop != null) {
                machine.moveTo(WorkerState.STOPPED, "killed");
                pendingStop.complete(machine.snapshot());
                pendingStop = null;
            }
        });
    }

    @Override
    public void close() {
    }
}
