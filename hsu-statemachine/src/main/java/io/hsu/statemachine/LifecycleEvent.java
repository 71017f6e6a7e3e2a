package io.hsu.statemachine;

import io.hsu.core.event.WorkerEvent;

/**
 * The events of a {@link WorkerStateMachine}: state changes, and pid assignments within a state.
 * One worker's lifecycle events carry consecutive {@link #sequence()} numbers, and the snapshot
 * published with each event carries the same number.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface LifecycleEvent extends WorkerEvent permits WorkerStateChanged, ProcessIdAssigned {
    /** The worker's state after this event. */
    WorkerState state();

    /** Why it happened, for people. */
    String reason();
}
