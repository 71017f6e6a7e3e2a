package io.hsu.logs.internal;

import java.io.IOException;

/**
 * Where an output queue's writer puts batches. Called by one writer at a time. {@code write}
 * either takes the whole batch (it may buffer it) or throws and keeps none of it; {@code flush}
 * pushes what is buffered and, after a failure, keeps it for the next try. What a sink buffers it
 * copies: the batch's {@code data} may be a pooled array that is used again once {@code write}
 * returns.
 */
interface Sink {
    void write(LogBatch batch) throws IOException;

    /** Pushes buffered data; called when the queue is empty or the buffer is large. */
    default void flush() throws IOException {
    }

    /** Bytes buffered and not yet pushed. */
    default long buffered() {
        return 0;
    }

    /** Closes and reopens files (SIGHUP after an external logrotate). */
    default void reopen() throws IOException {
    }

    void close();
}
