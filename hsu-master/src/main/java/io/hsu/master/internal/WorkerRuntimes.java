package io.hsu.master.internal;

import io.hsu.core.Scheduler;
import io.hsu.logs.LogCollectionConfig;
import io.hsu.logs.LogPipeline;
import io.hsu.master.config.WorkerConfig;
import java.io.OutputStream;

/**
 * Makes the runtime of each worker and owns what they share: the log pipeline that drains every
 * worker's FIFOs from one loop and writes their lines where {@code log_collection} says (the
 * master's standard output as {@code id | line} by default).
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
    private final Factory factory;
    private final LogPipeline pipeline;

    /** @param factory null for the real runtimes */
    public WorkerRuntimes(StateDirectory stateDirectory, Scheduler scheduler, LogCollectionConfig logs, OutputStream stdout,
                          OutputStream stderr, Factory factory) {
        this.stateDirectory = stateDirectory;
        this.scheduler = scheduler;
        this.factory = factory;
        this.pipeline = LogPipeline.builder(logs).scheduler(scheduler).stdout(stdout).stderr(stderr).build();
    }

    /** The runtime for one worker. */
    public WorkerRuntime create(WorkerConfig config) {
        if (factory != null) {
            return factory.create(config, stateDirectory, scheduler);
        }
        return new ControlledWorker(config, stateDirectory, scheduler, pipeline);
    }

    /** The shared log pipeline (tail, search and follow for the API). */
    public LogPipeline logs() {
        return pipeline;
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
