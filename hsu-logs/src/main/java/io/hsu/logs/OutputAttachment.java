package io.hsu.logs;

/**
 * One FIFO being drained for one worker stream, from {@link OutputCollector#attach}.
 *
 * <p>Thread-safe. Whoever attached closes it.
 */
public interface OutputAttachment extends AutoCloseable {

    /** Stamps records read from now on with {@code pid} (a restarted worker gets a new pid on the same FIFO). */
    void processStarted(long pid);

    /** Bytes read from the FIFO so far (handed to the pipeline; with a {@code block} output, some may still be in the FIFO). */
    long bytesRead();

    /**
     * Drains what is left in the pipe, flushes a partial last line, stops reading and closes the
     * read end (and the collector's own write end). Idempotent; blocks until done, at most a few
     * seconds when an output with the {@code block} policy is stuck: what it has not written by then
     * stays in the FIFO for the next reader (the lines it still queues are counted as dropped here).
     */
    @Override
    void close();
}
