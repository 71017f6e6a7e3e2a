package io.hsu.master.internal;

import io.hsu.core.Scheduler;
import io.hsu.core.internal.Threads;
import io.hsu.master.OutputListener;
import io.hsu.master.config.LogOutput;
import io.hsu.master.config.WorkerConfig;
import io.hsu.master.config.WorkerType;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Makes the runtime of each worker kind and owns what they share: the blocking executor for
 * probes, the child registry and orphan reaper, and the open log files.
 *
 * <p>Thread-safe. The master closes it after its workers stopped.
 */
public final class WorkerRuntimes implements AutoCloseable {
    /** Makes runtimes; tests give fakes. */
    @FunctionalInterface
    public interface Factory {
        WorkerRuntime create(WorkerConfig config, StateDirectory stateDirectory, Scheduler scheduler);
    }

    private final StateDirectory stateDirectory;
    private final Scheduler scheduler;
    private final OutputListener output;
    private final List<LogOutput> globalTargets;
    private final Factory factory;
    private final ExecutorService blocking = Threads.blockingExecutor("hsu-probe");
    private final ChildRegistry children = new ChildRegistry();
    private final OutputRouter.Files files;

    /** @param factory null for the real runtimes */
    public WorkerRuntimes(StateDirectory stateDirectory, Scheduler scheduler, OutputListener output, List<LogOutput> globalTargets,
                          Factory factory) {
        this.stateDirectory = stateDirectory;
        this.scheduler = scheduler;
        this.output = output;
        this.globalTargets = List.copyOf(globalTargets);
        this.factory = factory;
        this.files = new OutputRouter.Files(scheduler.clock());
    }

    /** The runtime for one worker. */
    public WorkerRuntime create(WorkerConfig config) {
        if (factory != null) {
            return factory.create(config, stateDirectory, scheduler);
        }
        if (config.type() == WorkerType.UNMANAGED) {
            return new UnmanagedWorker(config, stateDirectory, scheduler, blocking);
        }
        OutputRouter router = new OutputRouter(config.id(), config.log(), globalTargets, output, files);
        return new ManagedWorker(config, stateDirectory, scheduler, blocking, router, children);
    }

    /** Reaps orphaned zombie children (the master is their subreaper). */
    public void reapOrphans() {
        children.reapOrphans();
    }

    @Override
    public void close() {
        blocking.shutdownNow();
        files.close();
    }
}
