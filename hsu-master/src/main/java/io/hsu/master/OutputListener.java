package io.hsu.master;

import io.hsu.core.WorkerId;

/**
 * Receives the output lines of workers whose output goes to the master (the default, and outputs of
 * type {@code master_stdout}, {@code stdout} and {@code stderr}). {@code hsu run} prints them as
 * {@code id | line}.
 *
 * <p>Called from the worker's reader thread, one line at a time per stream, in order; calls for
 * different workers or streams may run at the same time. Must not block for long: a slow listener
 * slows the worker's pipe (lossless, so the worker blocks on write rather than losing lines).
 */
@FunctionalInterface
public interface OutputListener {
    /** Drops everything. */
    OutputListener NONE = (worker, stream, line) -> { };

    /**
     * One line without its line terminator.
     *
     * @param stream {@code stdout} or {@code stderr}
     */
    void line(WorkerId worker, String stream, String line);
}
