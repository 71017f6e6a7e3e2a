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
    private final io.hsu.logs.LogStream stream;
    private DeliveryTracker tracker;

    PipelineReceiver(WorkerPipeline pipeline, io.hsu.logs.LogStream stream, int maxLine, Scheduler scheduler, Runnable resume) {
        this.pipeline = pipeline;
        this.scheduler = scheduler;
        this.resume = resume;
        this.stream = stream;
        this.framer = new LineFramer(pipeline.worker, stream, maxLine, pipeline.sequence, this::dispatch);
    }

    private void dispatch(LogBatch batch) {
        DeliveryTracker t = tracker;
        if (t == null) {
            pipeline.accept(batch, this);
            return;
        }
        Delivery d = t.open(batch.sourceEnd);
        batch.delivery = d;
        try {
            pipeline.accept(batch, this);
        } finally {
            d.release();
        }
    }

    @Override
    public boolean trackDeliveries(DeliveryTracker tracker) {
        if (!pipeline.waitsForWrites(stream)) {
            return false;
        }
        this.tracker = tracker;
        return true;
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
