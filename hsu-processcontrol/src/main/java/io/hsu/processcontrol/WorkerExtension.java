package io.hsu.processcontrol;

import io.hsu.core.ExitStatus;
import io.hsu.core.WorkerId;
import io.hsu.statemachine.WorkerSnapshot;

/**
 * The seam where health probes and resource monitors attach to one worker. {@link ProcessControl}
 * calls these methods on the worker's serial executor, so they must not block; an extension that
 * has blocking work hands it to its own executor, and reports back through {@link Context}.
 *
 * <p>Implementations decide their own thread-safety; {@link ProcessControl} closes them when it closes.
 */
public interface WorkerExtension extends AutoCloseable {

    /** A short name for status and logs ({@code "health"}, {@code "resources"}). */
    String name();

    /** Called once, before any other method, with the worker's handle. */
    default void bind(Context context) {
    }

    /** Called before each start: what the launch chain must add (rlimits, cgroup). */
    default LaunchContribution beforeLaunch() {
        return LaunchContribution.none();
    }

    /** The process {@code pid} started (or was adopted). */
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
    }
}
