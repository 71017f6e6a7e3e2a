package io.hsu.master.internal;

import io.hsu.core.event.EventSource;
import io.hsu.core.event.WorkerEvent;
import io.hsu.master.config.WorkerConfig;
import io.hsu.statemachine.WorkerSnapshot;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * One worker as the master drives it: the seam between the orchestration ({@code Master}) and
 * what runs a process (this module's {@link ManagedWorker} until hsu-processcontrol is wired in,
 * and fakes in tests).
 *
 * <p>Implementations are thread-safe; every method returns without waiting for the process.
 * Events (lifecycle, health) are published in order per worker, never under a lock.
 */
public interface WorkerRuntime {
    /** The worker's config. */
    WorkerConfig config();

    /** The current lifecycle snapshot. */
    WorkerSnapshot snapshot();

    /** Lifecycle and health events of this worker. */
    EventSource<WorkerEvent> events();

    /** Whether its health probe (readiness, else liveness) passes; true when running without probes. */
    boolean isHealthy();

    /** The port of an integrated worker, once started. */
    default OptionalInt port() {
        return OptionalInt.empty();
    }

    /** Whether a process of this worker, left by an earlier master, still runs and will be re-adopted by {@link #start}. */
    default boolean hasLiveProcess() {
        return false;
    }

    /**
     * Starts the worker, or re-adopts its process when one from an earlier master is still running.
     * Does nothing when it is already starting or running.
     */
    void start(String reason);

    /**
     * Stops it: stop signal to the process group, wait the graceful timeout, SIGKILL. Completes when
     * the whole group is gone (at once when nothing runs).
     *
     * @param onRequest true when a user asked for it (remembered for unless-stopped)
     */
    CompletableFuture<WorkerSnapshot> stop(String reason, boolean onRequest);

    /** Stops and starts again. */
    void restart(String reason);

    /** SIGKILL to the whole process group now, when a stop takes too long. */
    void kill();

    /** Releases readers and timers; the worker must be stopped (or left running on purpose) first. */
    void close();
}
