package io.hsu.statemachine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle state of one worker, and the one transition table of HSU.
 *
 * <p>The table (every other pair is refused):
 * <pre>
 * registered -&gt; starting, stopped
 * starting   -&gt; running, stopping, restarting, exited, failed
 * running    -&gt; stopping, restarting, exited, failed
 * stopping   -&gt; stopped, starting          (starting: the second half of a manual restart)
 * stopped    -&gt; starting
 * restarting -&gt; starting, stopping, stopped, failed
 * exited     -&gt; starting, stopped
 * failed     -&gt; starting, stopped
 * </pre>
 *
 * <p>Decisions behind it: {@link #RUNNING} is entered only from {@link #STARTING}, so every running
 * worker went through a start or an attach. An unmanaged worker whose process is found again after
 * it disappeared goes {@code exited -> starting -> running} (CONFIG.md: "starting" covers "attach in
 * progress"), not straight to running. A manual restart goes {@code stopping -> starting}. The
 * circuit breaker may open on an exit ({@code running -> failed}), after a failed start
 * ({@code starting -> failed}) or while waiting out a backoff ({@code restarting -> failed}).
 * Stopping a worker that has no process ({@code registered}, {@code restarting}, {@code exited},
 * {@code failed}) goes straight to {@code stopped}; {@code restarting -> stopping} exists for
 * callers that always stop through the process tree.
 *
 * <p>Immutable and thread-safe, like every enum.
 */
public enum WorkerState {
    /** Known, not started (or waiting for {@code depends_on}). */
    REGISTERED,
    /** Process launched (or attach in progress); stays here until the startup probe passes, if any. */
    STARTING,
    /** Alive; readiness and health are separate fields of the worker's status, not states. */
    RUNNING,
    /** Stop requested: signal sent, waiting for the whole process tree to be gone. */
    STOPPING,
    /** Stopped on request. */
    STOPPED,
    /** Exited or unhealthy, waiting out the backoff before the next start. */
    RESTARTING,
    /** Exited on its own and will not be restarted; the last exit says success or failure. */
    EXITED,
    /** Could not start, or the restart budget is spent (circuit open). */
    FAILED;

    private static final Map<WorkerState, Set<WorkerState>> NEXT = new EnumMap<>(WorkerState.class);
    private static final Map<WorkerState, Set<Operation>> OPERATIONS = new EnumMap<>(WorkerState.class);

    static {
        // The transition table: keep it here and nowhere else.
        next(REGISTERED, STARTING, STOPPED);
        next(STARTING, RUNNING, STOPPING, RESTARTING, EXITED, FAILED);
        next(RUNNING, STOPPING, RESTARTING, EXITED, FAILED);
        next(STOPPING, STOPPED, STARTING);
        next(STOPPED, STARTING);
        next(RESTARTING, STARTING, STOPPING, STOPPED, FAILED);
        next(EXITED, STARTING, STOPPED);
        next(FAILED, STARTING, STOPPED);

        // Which operations a user (CLI, API, master) may ask for in each state.
        operations(REGISTERED, Operation.START, Operation.STOP, Operation.REMOVE);
        operations(STARTING, Operation.STOP, Operation.RESTART);
        operations(RUNNING, Operation.STOP, Operation.RESTART);
        operations(STOPPING);
        operations(STOPPED, Operation.START, Operation.RESTART, Operation.REMOVE);
        operations(RESTARTING, Operation.START, Operation.STOP, Operation.RESTART);
        operations(EXITED, Operation.START, Operation.STOP, Operation.RESTART, Operation.REMOVE);
        operations(FAILED, Operation.START, Operation.STOP, Operation.RESTART, Operation.REMOVE);
    }

    private final String displayName = name().toLowerCase(Locale.ROOT);

    /** True when the table allows moving from this state to {@code next}. */
    public boolean canMoveTo(WorkerState next) {
        return NEXT.get(this).contains(next);
    }

    /** The states this one may move to, in declaration order; an unmodifiable set. */
    public Set<WorkerState> allowedNext() {
        return NEXT.get(this);
    }

    /** True when a user may ask for {@code operation} in this state. */
    public boolean allows(Operation operation) {
        return OPERATIONS.get(this).contains(operation);
    }

    /** The operations a user may ask for in this state, in declaration order; an unmodifiable set. */
    public Set<Operation> allowedOperations() {
        return OPERATIONS.get(this);
    }

    /**
     * The state that carrying out {@code operation} moves to first, or empty when the operation is
     * not allowed here or changes no state ({@link Operation#REMOVE}). Stop and restart go through
     * {@link #STOPPING} when a process may be alive ({@link #mayHaveProcess()}).
     */
    public Optional<WorkerState> firstStepOf(Operation operation) {
        if (!allows(operation)) {
            return Optional.empty();
        }
        switch (operation) {
            case START:
                return Optional.of(STARTING);
            case STOP:
                return Optional.of(mayHaveProcess() ? STOPPING : STOPPED);
            case RESTART:
                return Optional.of(mayHaveProcess() ? STOPPING : STARTING);
            default:
                return Optional.empty();
        }
    }

    /** True in the states where the worker's process may be alive: starting, running, stopping. */
    public boolean mayHaveProcess() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }

    /** True in the states that end on their own, without a new request: starting, stopping, restarting. */
    public boolean isTransient() {
        return this == STARTING || this == STOPPING || this == RESTARTING;
    }

    /** The lower-case name the CLI, the API and events show: {@code running}. */
    public String displayName() {
        return displayName;
    }

    private static void next(WorkerState from, WorkerState... to) {
        EnumSet<WorkerState> set = EnumSet.noneOf(WorkerState.class);
        Collections.addAll(set, to);
        NEXT.put(from, Collections.unmodifiableSet(set));
    }

    private static void operations(WorkerState state, Operation... allowed) {
        EnumSet<Operation> set = EnumSet.noneOf(Operation.class);
        Collections.addAll(set, allowed);
        OPERATIONS.put(state, Collections.unmodifiableSet(set));
    }
}
