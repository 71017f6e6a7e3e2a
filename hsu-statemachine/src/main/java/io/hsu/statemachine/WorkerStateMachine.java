package io.hsu.statemachine;

import io.hsu.core.ExitStatus;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.core.event.EventSource;
import io.hsu.core.internal.Checks;
import io.hsu.core.internal.SerialExecutor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The lifecycle of one worker: the single source of truth that the master, the API, events and
 * metrics read. Holds the current {@link WorkerSnapshot}, a bounded history of transitions and the
 * lifecycle listeners.
 *
 * <p>Threading: one writer, any number of readers.
 * <ul>
 *   <li>Readers ({@link #snapshot()}, {@link #state()}, {@link #history()}, {@link #requireAllows})
 *       may run on any thread and never lock; {@link #snapshot()} is one volatile read and
 *       allocates nothing.</li>
 *   <li>The writer methods ({@link #moveTo} and its overloads, {@link #tryMoveTo},
 *       {@link #assignPid}) must be called by one thread at a time, in practice from the worker's
 *       {@link #executor()} (a {@link SerialExecutor}): that is the synchronous path. Two writers
 *       racing is a bug in the caller; the machine detects it when both publish from the same
 *       snapshot and refuses the second with an {@link IllegalStateException} (the snapshot
 *       stays consistent; the order of events and history is then not guaranteed).</li>
 *   <li>{@link #submit} may be called from any thread: it hops onto the executor and completes
 *       the future there.</li>
 * </ul>
 *
 * <p>Listeners subscribed through {@link #events()} get every event, one at a time, in sequence
 * order, on the writer's thread, after the snapshot carrying the same sequence number is visible
 * to readers, and never under a lock. A listener may itself call a writer method (it runs on the
 * writer's thread); the resulting event is delivered after the current one reached every listener.
 *
 * <p>Pid rules: moving to {@code running} or {@code stopping} keeps the pid; moving to
 * {@code starting} clears it unless one is given (the spawn returns it later through
 * {@link #assignPid}); every other state has no pid. The restart count goes up when the worker
 * enters {@code starting} from {@code restarting} (automatic restart) or {@code stopping} (manual
 * restart).
 *
 * <p>Nothing to close: the machine owns no threads.
 */
public final class WorkerStateMachine {
    /** History entries kept when the builder is not told otherwise. */
    public static final int DEFAULT_HISTORY_SIZE = 32;

    private static final VarHandle CURRENT;
    private static final VarHandle TRANSITIONS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CURRENT = lookup.findVarHandle(WorkerStateMachine.class, "current", WorkerSnapshot.class);
            TRANSITIONS = lookup.findVarHandle(WriterCounters.class, "transitions", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WorkerId id;
    private final Clock clock;
    private final Executor executor;
    private final EventPublisher<LifecycleEvent> events = new EventPublisher<>();

    /** Written only by the writer (compare-and-set, to catch a second writer); read by anyone. */
    private volatile WorkerSnapshot current;

    /** Ring of the last transitions; slot {@code i % size} holds transition number {@code i}. Writer fills, anyone reads. */
    private final AtomicReferenceArray<HistorySlot> history;
    /** The fields the writer changes on every transition, kept off the cache line of {@code current}. */
    private final WriterFields writer = new WriterFields();

    private WorkerStateMachine(Builder b) {
        this.id = b.id;
        this.clock = b.clock;
        this.executor = b.executor != null ? b.executor : new SerialExecutor("worker " + b.id);
        this.history = new AtomicReferenceArray<>(b.historySize);
        this.current = WorkerSnapshot.initial(b.id, b.initialState, clock.instant(), b.initialReason);
    }

    /** A machine for {@code id} with the defaults: registered, system UTC clock, its own serial executor. */
    public static WorkerStateMachine of(WorkerId id) {
        return builder(id).build();
    }

    /** A builder for the machine of worker {@code id}. */
    public static Builder builder(WorkerId id) {
        return new Builder(id);
    }

    /** The worker this machine belongs to. */
    public WorkerId id() {
        return id;
    }

    /** The executor that runs this machine's writes for {@link #submit}; the worker's single writer. */
    public Executor executor() {
        return executor;
    }

    /** The latest published snapshot. Any thread; lock-free; allocates nothing. */
    public WorkerSnapshot snapshot() {
        return current;
    }

    /** The current state; same as {@code snapshot().state()}. */
    public WorkerState state() {
        return current.state();
    }

    /** Where to subscribe to this worker's lifecycle events; see the class comment for the contract. */
    public EventSource<LifecycleEvent> events() {
        return events;
    }

    /**
     * The last transitions, oldest first, at most the builder's {@code historySize}. Any thread;
     * lock-free. The list is a copy; it may miss a transition that is being published right now.
     */
    public List<WorkerStateChanged> history() {
        int size = history.length();
        while (true) {
            long count = (long) TRANSITIONS.getAcquire(writer);
            long first = Math.max(0, count - size);
            List<WorkerStateChanged> copy = new ArrayList<>((int) (count - first));
            boolean consistent = true;
            for (long i = first; i < count && consistent; i++) {
                HistorySlot slot = history.get((int) (i % size));
                // A slot the writer refilled while we copied holds a later transition: copy again.
                consistent = slot.index() == i;
                copy.add(slot.event());
            }
            if (consistent) {
                return copy;
            }
        }
    }

    /**
     * Checks that the current state allows {@code operation}. Any thread.
     *
     * @throws OperationRefusedException if it does not; the message names the worker, the
     *     operation, the state and the states that allow it
     */
    public void requireAllows(Operation operation) {
        WorkerState state = current.state();
        if (!state.allows(operation)) {
            throw new OperationRefusedException(id, operation, state);
        }
    }

    /**
     * Moves to {@code to} because of {@code reason}, then tells the listeners. Writer only.
     *
     * @return the published snapshot
     * @throws IllegalTransitionException if the table does not allow the move; nothing changes
     * @throws IllegalStateException if another thread published a change at the same time
     */
    public WorkerSnapshot moveTo(WorkerState to, String reason) {
        return apply(to, reason, null, null, true);
    }

    /**
     * Moves to {@code to} (starting, running or stopping) with the process id {@code pid}. Writer only.
     *
     * @throws IllegalArgumentException if {@code to} has no process ({@link WorkerState#mayHaveProcess()})
     *     or {@code pid} is not positive
     * @throws IllegalTransitionException if the table does not allow the move
     */
    public WorkerSnapshot moveTo(WorkerState to, String reason, long pid) {
        Checks.argument(pid > 0, "pid must be > 0, but was %d", pid);
        Checks.argument(to.mayHaveProcess(), "a %s worker has no pid, but pid was %d", to.displayName(), pid);
        return apply(to, reason, OptionalLong.of(pid), null, true);
    }

    /**
     * Moves to {@code to} after the process ended with {@code exit}, which becomes the snapshot's
     * last exit. Writer only.
     *
     * @throws IllegalTransitionException if the table does not allow the move
     */
    public WorkerSnapshot moveTo(WorkerState to, String reason, ExitStatus exit) {
        Checks.notNull(exit, "exit");
        return apply(to, reason, null, Optional.of(exit), true);
    }

    /**
     * Like {@link #moveTo(WorkerState, String)}, but returns false instead of throwing when the
     * table refuses the move. Writer only.
     */
    public boolean tryMoveTo(WorkerState to, String reason) {
        return apply(to, reason, null, null, false) != null;
    }

    /**
     * Records the process id of a worker that stays in its state (starting, running or stopping),
     * publishing a {@link ProcessIdAssigned} event. Writer only.
     *
     * @throws IllegalArgumentException if {@code pid} is not positive
     * @throws IllegalStateException if the current state has no process
     */
    public WorkerSnapshot assignPid(long pid, String reason) {
        Checks.argument(pid > 0, "pid must be > 0, but was %d", pid);
        Checks.notNull(reason, "reason");
        WorkerSnapshot before = current;
        Checks.state(before.state().mayHaveProcess(), "worker '%s' is %s and has no process; cannot assign pid %d",
                id, before.state().displayName(), pid);
        Instant now = clock.instant();
        WorkerSnapshot after = new WorkerSnapshot(id, before.state(), now, reason, OptionalLong.of(pid),
                before.restartCount(), before.lastExit(), before.sequence() + 1);
        publish(before, after);
        deliver(new ProcessIdAssigned(id, now, after.sequence(), after.state(), pid, reason));
        return after;
    }

    /**
     * Moves to {@code to} on the {@link #executor()}. Any thread.
     *
     * @return a future of the published snapshot, completed on the executor after the listeners
     *     ran; it fails with {@link IllegalTransitionException} when the table refuses the move
     */
    public CompletableFuture<WorkerSnapshot> submit(WorkerState to, String reason) {
        return submit(machine -> machine.moveTo(to, reason));
    }

    /**
     * Runs {@code change} on the {@link #executor()} with this machine, so it may call the writer
     * methods, and completes the future with its result (or its exception). Any thread.
     */
    public <T> CompletableFuture<T> submit(Function<? super WorkerStateMachine, ? extends T> change) {
        Checks.notNull(change, "change");
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(change.apply(this));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public String toString() {
        WorkerSnapshot s = current;
        return "WorkerStateMachine[" + id + " " + s.state().displayName() + " #" + s.sequence() + "]";
    }

    private WorkerSnapshot apply(WorkerState to, String reason, OptionalLong pid, Optional<ExitStatus> exit, boolean throwIfRefused) {
        Checks.notNull(to, "to");
        Checks.notNull(reason, "reason");
        WorkerSnapshot before = current;
        WorkerState from = before.state();
        if (!from.canMoveTo(to)) {
            if (throwIfRefused) {
                throw new IllegalTransitionException(id, from, to);
            }
            return null;
        }
        WorkerSnapshot after = new WorkerSnapshot(id, to, clock.instant(), reason,
                pid != null ? pid : carriedPid(before, to),
                isRestart(from, to) ? before.restartCount() + 1 : before.restartCount(),
                exit != null ? exit : before.lastExit(),
                before.sequence() + 1);
        WorkerStateChanged event = WorkerStateChanged.between(before, after);
        publish(before, after); // first: a racing second writer fails here and touches nothing else
        WriterFields w = writer;
        long n = w.transitions;
        history.lazySet((int) (n % history.length()), new HistorySlot(n, event));
        TRANSITIONS.setRelease(w, n + 1);
        deliver(event);
        return after;
    }

    private void publish(WorkerSnapshot before, WorkerSnapshot after) {
        if (!CURRENT.compareAndSet(this, before, after)) {
            throw new IllegalStateException("worker '" + id + "': two threads changed the state at once ("
                    + before.state() + " -> " + after.state() + " lost); drive the state machine from its executor only");
        }
    }

    private void deliver(LifecycleEvent event) {
        WriterFields w = writer;
        if (w.delivering) {
            w.undelivered.add(event); // a listener moved the state: keep sequence order
            return;
        }
        w.delivering = true;
        try {
            events.publish(event);
            for (LifecycleEvent next; (next = w.undelivered.poll()) != null; ) {
                events.publish(next);
            }
        } finally {
            w.delivering = false;
        }
    }

    private static OptionalLong carriedPid(WorkerSnapshot before, WorkerState to) {
        return to == WorkerState.RUNNING || to == WorkerState.STOPPING ? before.pid() : OptionalLong.empty();
    }

    private static boolean isRestart(WorkerState from, WorkerState to) {
        return to == WorkerState.STARTING && (from == WorkerState.RESTARTING || from == WorkerState.STOPPING);
    }

    /** Builds a {@link WorkerStateMachine}. Not thread-safe; reusable after {@link #build()}. */
    public static final class Builder {
        private final WorkerId id;
        private Clock clock = Clock.systemUTC();
        private Executor executor;
        private int historySize = DEFAULT_HISTORY_SIZE;
        private WorkerState initialState = WorkerState.REGISTERED;
        private String initialReason = "registered";

        private Builder(WorkerId id) {
            this.id = Checks.notNull(id, "id");
        }

        /** The clock that stamps snapshots and events; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /**
         * The worker's single writer, which {@link WorkerStateMachine#submit} hops onto; default
         * a new {@link SerialExecutor} on the shared pool. It must run tasks one at a time.
         */
        public Builder executor(Executor executor) {
            this.executor = Checks.notNull(executor, "executor");
            return this;
        }

        /**
         * How many transitions {@link WorkerStateMachine#history()} keeps; default {@value #DEFAULT_HISTORY_SIZE}.
         *
         * @throws IllegalArgumentException if {@code size} is not in 1..4096
         */
        public Builder historySize(int size) {
            Checks.argument(size >= 1 && size <= 4096, "historySize must be in 1..4096, but was %d", size);
            this.historySize = size;
            return this;
        }

        /**
         * The state to begin in (for example {@code stopped}, remembered across master restarts);
         * default {@code registered} with reason "registered".
         */
        public Builder initialState(WorkerState state, String reason) {
            this.initialState = Checks.notNull(state, "state");
            this.initialReason = Checks.notNull(reason, "reason");
            return this;
        }

        public WorkerStateMachine build() {
            return new WorkerStateMachine(this);
        }
    }

    /** 64 bytes before the writer's fields (superclass fields are laid out first). */
    @SuppressWarnings("unused")
    private static class PaddingBefore {
        long p0, p1, p2, p3, p4, p5, p6, p7;
    }

    /**
     * What only the writer changes on each transition. Readers of {@code current} would otherwise
     * lose their cache line to these stores several times per transition (measured by
     * SnapshotReadBenchmark.besideWriter).
     */
    private static class WriterCounters extends PaddingBefore {
        /** Transitions written to the history ring; raised with release semantics after the slot. Read by history(). */
        long transitions;
        /** True while the writer delivers events. */
        boolean delivering;
        /** Events waiting while a listener runs (a listener moved the state). */
        final ArrayDeque<LifecycleEvent> undelivered = new ArrayDeque<>();
    }

    /** 64 bytes after the writer's fields. */
    @SuppressWarnings("unused")
    private static final class WriterFields extends WriterCounters {
        long q0, q1, q2, q3, q4, q5, q6, q7;
    }

    /** One history entry with its position in the sequence of transitions, so a reader detects a refilled slot. */
    private record HistorySlot(long index, WorkerStateChanged event) {
    }
}
