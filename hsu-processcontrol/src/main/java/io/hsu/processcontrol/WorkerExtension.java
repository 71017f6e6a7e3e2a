package io.hsu.processcontrol;

import io.hsu.core.ExitStatus;
import io.hsu.core.WorkerId;
import io.hsu.statemachine.WorkerSnapshot;
import java.util.List;

/**
 * The seam where health probes and resource monitors attach to one worker ({@link HealthExtension},
 * {@link ResourceExtension}, or your own). {@link ProcessControl} calls {@link #processStarted},
 * {@link #processExited} and {@link #status} on the worker's serial executor, so they must not
 * block; {@link #beforeLaunch}, {@link #killAll} and {@link #unitPids} are called off it and may do
 * file I/O. An extension reports back through {@link Context}.
 *
 * <p>Implementations decide their own thread-safety; {@link ProcessControl} closes them when it closes.
 */
public interface WorkerExtension extends AutoCloseable {

    /** A short name for status and logs ({@code "health"}, {@code "resources"}). */
    String name();

    /** Called once, before any other method, with the worker's handle. */
    default void bind(Context context) {
    }

    /** Called before each spawn, off the serial executor: what the launch chain must add (rlimits, cgroup, nice). */
    default LaunchContribution beforeLaunch() {
        return LaunchContribution.none();
    }

    /**
     * Whether a started process stays {@code starting} until this extension calls
     * {@link Context#startupSucceeded} (a startup probe). The worker moves to {@code running} when
     * every extension that holds has said so.
     */
    default boolean holdsStarting() {
        return false;
    }

    /** A process started (or was adopted); by default calls {@link #processStarted(long)}. */
    default void processStarted(StartedProcess process) {
        processStarted(process.pid());
    }

    /** For extensions that need only the pid: called by the default {@link #processStarted(StartedProcess)}. */
    default void processStarted(long pid) {
    }

    /** The process exited; the extension may refine the status (for example mark an OOM kill from its cgroup). */
    default ExitStatus processExited(ExitStatus status) {
        return status;
    }

    /**
     * Kills every process of the worker at once where the extension owns such a unit (a cgroup),
     * called with SIGKILL semantics at the end of a stop. Runs off the serial executor and may block.
     *
     * @return true if it killed the unit, false if it has none
     */
    default boolean killAll() {
        return false;
    }

    /**
     * Processes that belong to the worker's unit (its cgroup), so a stop signals them even if they
     * left the process tree. Called off the serial executor; may read files.
     */
    default List<Long> unitPids() {
        return List.of();
    }

    /** What the extension reports in {@link WorkerStatus#extensions()}; null for nothing. */
    default Object status() {
        return null;
    }

    /** Releases what the extension holds; idempotent. */
    @Override
    default void close() {
    }

    /** What an extension may ask of its worker. Thread-safe: any thread may call it. */
    interface Context {
        WorkerId workerId();

        /** The latest lifecycle snapshot. */
        WorkerSnapshot snapshot();

        /**
         * Reports a liveness failure or a resource violation: the worker's restart policy decides
         * (ignore inside the startup grace period, restart after a backoff, or open the circuit).
         *
         * @param trigger {@link RestartTrigger#HEALTH_FAILURE} or {@link RestartTrigger#RESOURCE_VIOLATION}
         */
        void reportFailure(RestartTrigger trigger, Severity severity, String reason);

        /** The startup probe passed for the process {@code pid} (ignored if that process is no longer current). */
        void startupSucceeded(long pid);

        /**
         * The startup probe gave up on the process {@code pid}: its tree is stopped and the restart
         * policy decides (the startup grace period does not apply to a startup probe's verdict).
         */
        void startupFailed(long pid, String reason);

        /**
         * Stops the worker as if a person asked ({@code immediate}: SIGKILL to the tree at once),
         * for example when a resource policy says {@code graceful_shutdown} or {@code immediate_kill}.
         */
        void requestStop(String reason, boolean immediate);
    }

    /**
     * A process of the worker.
     *
     * @param pid its pid
     * @param startTimeTicks its start time in clock ticks since boot ({@code /proc/<pid>/stat} field 22)
     * @param adopted whether it was adopted rather than spawned by this master
     */
    record StartedProcess(long pid, long startTimeTicks, boolean adopted) {
    }
}
