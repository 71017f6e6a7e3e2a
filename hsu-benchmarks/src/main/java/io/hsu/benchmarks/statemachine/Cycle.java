package io.hsu.benchmarks.statemachine;

import io.hsu.statemachine.WorkerState;
import io.hsu.statemachine.WorkerStateMachine;

/**
 * Drives a machine around running -&gt; stopping -&gt; stopped -&gt; starting -&gt; running, one
 * transition per call, forever: no restart is counted, so counters never overflow. Writer only.
 */
final class Cycle {
    private static final WorkerState[] STEPS = {WorkerState.STOPPING, WorkerState.STOPPED, WorkerState.STARTING, WorkerState.RUNNING};
    private static final String[] REASONS = {"stop requested", "process tree gone", "start requested", "started"};

    private int next;

    /** Moves {@code machine} (which must be running, or at the step this cycle left it) one step on. */
    WorkerState step(WorkerStateMachine machine) {
        int i = next;
        next = (i + 1) & 3;
        return machine.moveTo(STEPS[i], REASONS[i]).state();
    }

    /** A machine already running, as the cycle expects. */
    static WorkerStateMachine runningMachine(String id) {
        WorkerStateMachine machine = WorkerStateMachine.builder(io.hsu.core.WorkerId.of(id))
                .executor(Runnable::run)
                .build();
        machine.moveTo(WorkerState.STARTING, "start requested");
        machine.moveTo(WorkerState.RUNNING, "started");
        return machine;
    }
}
