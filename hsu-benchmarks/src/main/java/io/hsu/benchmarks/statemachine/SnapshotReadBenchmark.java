package io.hsu.benchmarks.statemachine;

import io.hsu.statemachine.WorkerSnapshot;
import io.hsu.statemachine.WorkerState;
import io.hsu.statemachine.WorkerStateMachine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading a worker's state: {@code machine.snapshot()}, alone and beside one writer that moves the
 * state as fast as it can (one reader + one writer: two threads, this machine's core count).
 *
 * <pre>{@code java -jar hsu-benchmarks/target/benchmarks.jar SnapshotReadBenchmark -prof gc}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Group)
public class SnapshotReadBenchmark {
    private WorkerStateMachine machine;
    private Cycle cycle;

    @Setup
    public void setUp() {
        machine = Cycle.runningMachine("read-bench");
        cycle = new Cycle();
    }

    /** One uncontended read of the whole snapshot. */
    @Benchmark
    @Group("snapshot")
    public WorkerSnapshot snapshot() {
        return machine.snapshot();
    }

    /** One uncontended read of the state alone (snapshot, then its field). */
    @Benchmark
    @Group("state")
    public WorkerState state() {
        return machine.state();
    }

    /** The reader of the mixed group: reads while {@link #writer()} moves the state. */
    @Benchmark
    @Group("besideWriter")
    @GroupThreads(1)
    public WorkerSnapshot reader() {
        return machine.snapshot();
    }

    /** The writer of the mixed group: one transition per call, on its own thread (the synchronous path). */
    @Benchmark
    @Group("besideWriter")
    @GroupThreads(1)
    public WorkerState writer() {
        return cycle.step(machine);
    }
}
