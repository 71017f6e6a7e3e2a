package io.hsu.logs.internal;

import java.nio.ByteBuffer;

/**
 * Where the collector loop hands one attachment's bytes. Called on the loop thread only, so an
 * implementation needs no lock for its own state; it must copy what it keeps and must not block.
 */
public interface StreamReceiver {
    /** Consumes every remaining byte of {@code data}; {@code pid} is 0 until a process was announced. */
    void onData(ByteBuffer data, long pid);

    /** True while a full {@code block} output wants the loop to stop reading this stream. */
    boolean paused();

    /** The attachment is closing: flush a partial last line. */
    void onClose(long pid);

    /**
     * Asks the receiver to open a delivery in {@code tracker} for each batch it hands on (with the
     * batch's offset in the bytes fed so far) and to release it once dispatched. Returns false if
     * nothing waits for its output (no {@code block} output): then the collector consumes what it reads.
     */
    default boolean trackDeliveries(DeliveryTracker tracker) {
        return false;
    }
}
