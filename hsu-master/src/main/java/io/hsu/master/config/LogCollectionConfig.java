package io.hsu.master.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The top-level {@code log_collection} section.
 *
 * <p>Immutable and thread-safe.
 *
 * @param enabled whether worker output is collected
 * @param defaultWorker the output settings of workers that do not set their own
 * @param globalTargets where every worker's output also goes, when global aggregation is on
 * @param workerDirectory where relative file outputs go, if set
 */
public record LogCollectionConfig(boolean enabled, WorkerLogConfig defaultWorker, List<LogOutput> globalTargets,
                                  Optional<Path> workerDirectory) {
    /** Collection on, everything to the master's standard output. */
    public static final LogCollectionConfig DEFAULTS =
            new LogCollectionConfig(true, WorkerLogConfig.DEFAULTS, List.of(), Optional.empty());

    /** @throws NullPointerException if an argument is null */
    public LogCollectionConfig {
        Objects.requireNonNull(defaultWorker, "defaultWorker must not be null");
        globalTargets = List.copyOf(globalTargets);
        Objects.requireNonNull(workerDirectory, "workerDirectory must not be null");
    }
}
