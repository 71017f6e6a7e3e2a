package io.hsu.logs.internal;

import io.hsu.core.Scheduler;
import io.hsu.logs.LogStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes fed by a caller's thread (in-process workers, file followers). When a {@code block}
 * output is full, {@link #write} waits until it drains: the caller is the one back-pressured.
 * Not thread-safe: one writer.
 */
public final class BlockingInput {
    private final PipelineReceiver receiver;
    private final boolean capture;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    private long pid;
    private long bytes;

    BlockingInput(WorkerPipeline pipeline, LogStream stream, int maxLine, Scheduler scheduler, boolean capture) {
        this.capture = capture;
        this.receiver = new PipelineReceiver(pipeline, stream, maxLine, scheduler, this::signal);
    }

    private void signal() {
        lock.lock();
        try {
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void processStarted(long pid) {
        this.pid = pid;
    }

    public long bytes() {
        return bytes;
    }

    /** Frames and forwards {@code data[off, off+len)}; waits while a {@code block} output is full. */
    public void write(byte[] data, int off, int len) {
        bytes += len;
        if (!capture) {
            return;
        }
        lock.lock();
        try {
            while (receiver.paused()) {
                resumed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        receiver.onData(data, off, len, pid);
    }

    /** Emits a partial last line. */
    public void flush() {
        if (capture) {
            receiver.onClose(pid);
        }
    }
}
