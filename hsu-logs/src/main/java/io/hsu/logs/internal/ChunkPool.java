package io.hsu.logs.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Arrays for the line framer's large chunks, used again once every holder of the batch built on
 * one has let it go. A stream read at full speed otherwise takes a fresh, zeroed 256 KiB array per
 * read: at hundreds of MB/s that is a third of the reader's CPU, in zeroing and in page faults on
 * heap the JVM had not touched yet.
 *
 * <p>Only chunks of at least {@link #MIN_POOLED} bytes come from the pool, so the in-memory tail,
 * which is bounded by the bytes of its batches, never holds more than about twice its bound in
 * arrays. At most {@link #MAX_IDLE} arrays wait here (about 9 MiB), shared by every stream of the
 * JVM. Thread-safe.
 */
final class ChunkPool {
    /** The pooled arrays' size: a full read (256 KiB) plus a partial line carried over. */
    static final int CHUNK_BYTES = EpollOutputCollector.READ_BUFFER_BYTES + 32 * 1024;
    static final int MIN_POOLED = CHUNK_BYTES / 2;
    static final int MAX_IDLE = 32;
    private static final ChunkPool SHARED = new ChunkPool(MAX_IDLE);

    private final ArrayBlockingQueue<byte[]> idle;

    ChunkPool(int maxIdle) {
        idle = new ArrayBlockingQueue<>(maxIdle);
    }

    static ChunkPool shared() {
        return SHARED;
    }

    /** A chunk for {@code bytes} bytes, or null when that size is not pooled (the caller allocates). */
    Chunk take(int bytes) {
        if (bytes < MIN_POOLED || bytes > CHUNK_BYTES) {
            return null;
        }
        byte[] array = idle.poll();
        return new Chunk(array != null ? array : new byte[CHUNK_BYTES]);
    }

    /** Arrays waiting to be used again (for tests). */
    int idle() {
        return idle.size();
    }

    /**
     * One use of a pooled array, counted: the framer holds the first reference, and whoever keeps
     * a batch built on it past the framer's call (an output queue, the tail, a reader of the tail)
     * takes one with {@link #retain()} and gives it back with {@link #release()}. The last release
     * returns the array. A reference never given back only costs the pool that array; the GC
     * takes it.
     */
    final class Chunk {
        final byte[] array;
        private final AtomicInteger references = new AtomicInteger(1);

        private Chunk(byte[] array) {
            this.array = array;
        }

        /** Only by a holder of a reference: a chunk already returned cannot be revived. */
        void retain() {
            int before = references.getAndIncrement();
            assert before > 0 : "retain of a chunk already returned to the pool";
        }

        void release() {
            int after = references.decrementAndGet();
            assert after >= 0 : "a chunk released more often than retained";
            if (after == 0) {
                idle.offer(array);   // full: the GC takes it
            }
        }
    }
}
