package io.hsu.logs;

/** Bytes of one worker stream written by the caller, from {@link LogPipeline#input}. Not thread-safe; the caller closes it. */
public interface LogInput extends AutoCloseable {
    /** Frames and forwards the bytes; blocks while a {@code block} output is full. */
    void write(byte[] bytes, int offset, int length);

    /** Stamps later records with {@code pid}. */
    void processStarted(long pid);

    /** Flushes a partial last line. */
    @Override
    void close();
}
