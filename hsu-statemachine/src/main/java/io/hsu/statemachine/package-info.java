/**
 * The worker lifecycle: {@link io.hsu.statemachine.WorkerState} with the one transition table,
 * {@link io.hsu.statemachine.WorkerStateMachine} (one writer, lock-free readers, bounded history,
 * listeners), the immutable {@link io.hsu.statemachine.WorkerSnapshot} it publishes, and the
 * {@link io.hsu.statemachine.LifecycleEvent}s it emits. Refusals are
 * {@link io.hsu.statemachine.WorkerStateException}s of kind {@code STATE}.
 */
package io.hsu.statemachine;
