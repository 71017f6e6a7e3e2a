package io.hsu.benchmarks.statemachine;

import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.statemachine.LifecycleEvent;
import io.hsu.statemachine.WorkerState;
import io.hsu.statemachine.WorkerStateChanged;
import io.hsu.statemachine.WorkerStateMachine;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Delivering lifecycle events to 0, 1 and 8 listeners: a whole transition with its fan-out
 * ({@code transition}), and the fan-out of a prebuilt event alone ({@code publish}). The
 * listeners do almost nothing, so this is the cost HSU adds per listener.
 *
 * <pre>{@code java -jar hsu-benchmarks/target/benchmarks.jar EventFanOutBenchmark -prof gc}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class EventFanOutBenchmark {
    @Param({"0", "1", "8"})
    public int listeners;

    private WorkerStateMachine machine;
    private Cycle cycle;
    private EventPublisher<LifecycleEvent> publisher;
    private LifecycleEvent event;
    /** Where the listeners write, so their work is not optimised away. */
    public long sink;

    @Setup
    public void setUp() {
        machine = Cycle.runningMachine("fan-out");
        cycle = new Cycle();
        publisher = new EventPublisher<>();
        for (int i = 0; i < listeners; i++) {
            machine.events().subscribe(e -> sink += e.sequence());
            publisher.subscribe(e -> sink += e.sequence());
        }
        event = new WorkerStateChanged(WorkerId.of("fan-out"), Instant.EPOCH, 1, WorkerState.STARTING, WorkerState.RUNNING,
                "started", OptionalLong.of(42), 0, Optional.empty());
    }

    /** One transition on the writer's thread, including delivery to every listener. */
    @Benchmark
    public WorkerState transition() {
        return cycle.step(machine);
    }

    /** Delivery of one prebuilt event to every listener. */
    @Benchmark
    public long publish() {
        publisher.publish(event);
        return sink;
    }
}
