package io.hsu.master.config;

import java.util.List;

/**
 * Where one worker's output goes ({@code <worker-log>} in CONFIG.md). With no outputs, output goes
 * to the master's standard output with a {@code id | } prefix.
 *
 * <p>Immutable and thread-safe.
 *
 * @param enabled whether output is collected at all
 * @param captureStdout whether standard output is collected
 * @param captureStderr whether standard error is collected
 * @param stdout where standard output goes (empty: the master's standard output)
 * @param stderr where standard error goes (empty: the master's standard output)
 */
public record WorkerLogConfig(boolean enabled, boolean captureStdout, boolean captureStderr, List<LogOutput> stdout,
                              List<LogOutput> stderr) {
    /** Everything to the master's standard output. */
    public static final WorkerLogConfig DEFAULTS = new WorkerLogConfig(true, true, true, List.of(), List.of());

    /** Copies the lists. */
    public WorkerLogConfig {
        stdout = List.copyOf(stdout);
        stderr = List.copyOf(stderr);
    }
}
