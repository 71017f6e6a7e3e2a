package io.hsu.logs.internal;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/*
 * Concurrency: open() and delivered() run on the collector loop only (the deque is not locked);
 * Delivery.release() calls settled() from output writer threads, which wakes the loop once per
 * burst (the flag is cleared by the loop before it looks at the deque).
 */
/**
 * The batches of one FIFO handed on but not yet written by every {@code block} output, in stream
 * order. Outputs finish them in any order across outputs, but a byte leaves the FIFO only when
 * every batch up to it is done.
 */
final class DeliveryTracker {
    private final ArrayDeque<Delivery> pending = new ArrayDeque<>();
    private final Thread owner;
    private final Runnable wakeOwner;
    private final AtomicBoolean wakePosted = new AtomicBoolean();

    /** @param wakeOwner run from another thread when a delivery completes; must make the owner call {@link #delivered} */
    DeliveryTracker(Thread owner, Runnable wakeOwner) {
        this.owner = owner;
        this.wakeOwner = wakeOwner;
    }

    /** A new batch ending at stream offset {@code sourceEnd}, held by the caller until it calls {@code release()}. */
    Delivery open(long sourceEnd) {
        Delivery d = new Delivery(sourceEnd, this);
        pending.addLast(d);
        return d;
    }

    /** The stream offset every byte before which is written: {@code current} if nothing new is done. */
    long delivered(long current) {
        wakePosted.set(false);
        long end = current;
        for (Delivery d; (d = pending.peekFirst()) != null && d.done(); ) {
            pending.pollFirst();
            end = Math.max(end, d.sourceEnd);
        }
        return end;
    }

    /** True if no batch waits for its outputs. */
    boolean idle() {
        return pending.isEmpty();
    }

    void settled() {
        if (Thread.currentThread() != owner && wakePosted.compareAndSet(false, true)) {
            wakeOwner.run();
        }
    }
}
