package io.hsu.logs;

/**
 * One FIFO being drained for one worker stream, from {@link OutputCollector#attach}.
 *
 * <p>Thread-safe. Whoever attached closes it.
 */
public interface OutputAttachment extends AutoCloseable {

    /** Stamps records read from now on with {@code pid} (a restarted worker gets a new pid on the same FIFO). */
    void processStarted(long pid);

    /** Bytes read from the FIFO so far. */
    long bytesRead();

    /**
     * Drains what is left in the pipe, flushes a partial last line, stops reading and closes the
     * read end (and the collector's own write end). Idempotent; blocks until done, at most a few
     * seconds when an output with the {@code block} policy is stuck (the rest is then dropped and counted).
     */
    @Override
    void close();
}
