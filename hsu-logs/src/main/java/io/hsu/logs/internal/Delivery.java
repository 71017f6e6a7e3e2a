package io.hsu.logs.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The acknowledgement of one batch read from a FIFO without consuming it: counts the holders that
 * have still to write it (the pipeline while it dispatches, then each {@code block} output until
 * its write returned). When the last one lets go, the bytes up to {@link #sourceEnd} may leave the
 * FIFO. Thread-safe.
 */
final class Delivery {
    final long sourceEnd;
    private final DeliveryTracker tracker;
    private final AtomicInteger holders = new AtomicInteger(1);
    private volatile boolean done;

    Delivery(long sourceEnd, DeliveryTracker tracker) {
        this.sourceEnd = sourceEnd;
        this.tracker = tracker;
    }

    /** One more holder (an output queued the batch). */
    void retain() {
        holders.incrementAndGet();
    }

    /** A holder is done with the batch (an output's write returned). */
    void release() {
        if (holders.decrementAndGet() == 0) {
            done = true;
            tracker.settled();
        }
    }

    boolean done() {
        return done;
    }
}
