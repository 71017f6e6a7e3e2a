package io.hsu.logs.internal;

import io.hsu.core.Scheduler;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/** Frames one attached stream and feeds its worker's pipeline; paused while a {@code block} output is full. */
final class PipelineReceiver implements StreamReceiver, Pauser {
    private final WorkerPipeline pipeline;
    private final LineFramer framer;
    private final Scheduler scheduler;
    private final Runnable resume;
    private final AtomicInteger pausedBy = new AtomicInteger();

    PipelineReceiver(WorkerPipeline pipeline, io.hsu.logs.LogStream stream, int maxLine, Scheduler scheduler, Runnable resume) {
        this.pipeline = pipeline;
        this.scheduler = scheduler;
        this.resume = resume;
        this.framer = new LineFramer(pipeline.worker, stream, maxLine, pipeline.sequence, b -> pipeline.accept(b, this));
    }

    @Override
    public void onData(ByteBuffer data, long pid) {
        framer.feed(data, pid, scheduler.now());
    }

    void onData(byte[] data, int off, int len, long pid) {
        framer.feed(data, off, len, pid, scheduler.now());
    }

    @Override
    public boolean paused() {
        return pausedBy.get() > 0;
    }

    @Override
    public void onClose(long pid) {
        framer.flush(pid, scheduler.now());
    }

    @Override
    public void pause() {
        pausedBy.incrementAndGet();
    }

    @Override
    public void resume() {
        if (pausedBy.decrementAndGet() == 0) {
            resume.run();
        }
    }
}
