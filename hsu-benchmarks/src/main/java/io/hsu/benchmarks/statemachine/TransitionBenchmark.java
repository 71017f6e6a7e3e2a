package io.hsu.benchmarks.statemachine;

import io.hsu.core.WorkerId;
import io.hsu.core.internal.SerialExecutor;
import io.hsu.statemachine.WorkerSnapshot;
import io.hsu.statemachine.WorkerState;
import io.hsu.statemachine.WorkerStateMachine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Transitions. {@code synchronous}: the benchmark thread is the worker's writer and calls
 * {@code moveTo} directly, as code running on the worker's serial executor does. {@code submitted}:
 * callers hand each transition to the worker's {@link SerialExecutor} and wait for it
 * ({@code submit(...).join()}); with one caller that is the hand-off cost, with two callers on
 * this 2-core machine it is the contended case.
 *
 * <pre>{@code java -jar hsu-benchmarks/target/benchmarks.jar TransitionBenchmark -prof gc}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TransitionBenchmark {

    /** A machine driven from the benchmark thread; one per thread, so it stays uncontended. */
    @State(Scope.Thread)
    public static class Owned {
        WorkerStateMachine machine;
        Cycle cycle;

        @Setup
        public void setUp() {
            machine = Cycle.runningMachine("owned");
            cycle = new Cycle();
        }
    }

    /** One machine on its serial executor, shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Shared {
        WorkerStateMachine machine;

        @Setup
        public void setUp() {
            machine = WorkerStateMachine.builder(WorkerId.of("shared")).executor(new SerialExecutor("bench")).build();
            machine.submit(WorkerState.STARTING, "start requested").join();
            machine.submit(WorkerState.RUNNING, "started").join();
        }
    }

    /** One transition on the writer's own thread: the synchronous path. */
    @Benchmark
    public WorkerState synchronous(Owned owned) {
        return owned.cycle.step(owned.machine);
    }

    /** One transition handed to the worker's serial executor, waiting for the result; one caller. */
    @Benchmark
    public WorkerSnapshot submitted(Shared shared) {
        return shared.machine.submit(TransitionBenchmark::flip).join();
    }

    /** The same with two callers racing for the one worker. */
    @Benchmark
    @Threads(2)
    public WorkerSnapshot submittedContended(Shared shared) {
        return shared.machine.submit(TransitionBenchmark::flip).join();
    }

    /** running -&gt; stopping -&gt; stopped -&gt; starting -&gt; running, one step per call; runs on the executor. */
    private static WorkerSnapshot flip(WorkerStateMachine m) {
        switch (m.state()) {
            case RUNNING:
                return m.moveTo(WorkerState.STOPPING, "stop requested");
            case STOPPING:
                return m.moveTo(WorkerState.STOPPED, "process tree gone");
            case STOPPED:
                return m.moveTo(WorkerState.STARTING, "start requested");
            default:
                return m.moveTo(WorkerState.RUNNING, "started");
        }
    }
}
