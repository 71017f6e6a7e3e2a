package io.hsu.logs.internal;

import io.hsu.core.WorkerId;
import io.hsu.logs.LogStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/*
 * Performance: the common case (valid UTF-8, no over-long line) costs one copy of the read into a
 * heap array and one branch-free scan of it, eight bytes at a time, that counts newlines and sees
 * non-ASCII bytes; the last newline is found from the end, and line lengths are checked by a few
 * backward steps per maxLine window, so no line is visited one by one. The complete lines
 * are then handed on as one batch, never line by line. Only a chunk with an invalid UTF-8 sequence
 * or an over-long line is rebuilt line by line.
 */
/** Cuts one stream's bytes into batches of complete lines. Not thread-safe: one caller (the loop or a follower). */
final class LineFramer {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGHS = 0x8080808080808080L;

    private final WorkerId worker;
    private final LogStream stream;
    private final int maxLine;
    private final AtomicLong sequence;
    private final Consumer<LogBatch> out;
    private final ChunkPool pool;
    /** The pooled array of the chunk being processed, or null. */
    private ChunkPool.Chunk pooled;
    private byte[] carry = new byte[256];
    private int carryLen;
    /** Stream offset of carry[0]: bytes fed before it are in emitted batches. */
    private long carryOffset;
    private long nextLineNumber = 1;
    /** Set by {@link #countLines}: whether the bytes it counted hold a byte above 0x7F. */
    private boolean scanFoundNonAscii;

    /**
     * @param sequence the worker's sequence counter, shared by its streams
     * @param out receives each batch, in order
     */
    LineFramer(WorkerId worker, LogStream stream, int maxLine, AtomicLong sequence, Consumer<LogBatch> out) {
        this(worker, stream, maxLine, sequence, out, ChunkPool.shared());
    }

    /**
     * @param out receives each batch, in order; a batch's bytes may be in a pooled array that is
     *     used again once {@code out} returns, unless it {@link LogBatch#retainBytes() retains} them
     */
    LineFramer(WorkerId worker, LogStream stream, int maxLine, AtomicLong sequence, Consumer<LogBatch> out, ChunkPool pool) {
        this.pool = pool;
        this.worker = worker;
        this.stream = stream;
        this.maxLine = maxLine;
        this.sequence = sequence;
        this.out = out;
    }

    /** Frames the remaining bytes of {@code data}; a trailing partial line waits for more. */
    void feed(ByteBuffer data, long pid, Instant time) {
        int n = data.remaining();
        int len = carryLen + n;
        ChunkPool.Chunk pooled = pool.take(len);
        byte[] chunk = pooled != null ? pooled.array : new byte[len];
        System.arraycopy(carry, 0, chunk, 0, carryLen);
        data.get(chunk, carryLen, n);
        int carried = carryLen;
        carryLen = 0;
        processAndRelease(chunk, len, carried, pooled, pid, time);
    }

    /** Like {@link #feed(ByteBuffer, long, Instant)} for a heap array. */
    void feed(byte[] bytes, int off, int n, long pid, Instant time) {
        int len = carryLen + n;
        ChunkPool.Chunk pooled = pool.take(len);
        byte[] chunk = pooled != null ? pooled.array : new byte[len];
        System.arraycopy(carry, 0, chunk, 0, carryLen);
        System.arraycopy(bytes, off, chunk, carryLen, n);
        int carried = carryLen;
        carryLen = 0;
        processAndRelease(chunk, len, carried, pooled, pid, time);
    }

    /** The consumer has taken its own references by the time {@code out} returns; this one ends here. */
    private void processAndRelease(byte[] chunk, int len, int carried, ChunkPool.Chunk pooled, long pid, Instant time) {
        this.pooled = pooled;
        try {
            process(chunk, len, len, carried, pid, time);
        } finally {
            this.pooled = null;
            if (pooled != null) {
                pooled.release();
            }
        }
    }

    /** Emits a partial last line as a line of its own (the stream ended without a newline). */
    void flush(long pid, Instant time) {
        if (carryLen > 0) {
            byte[] chunk = Arrays.copyOf(carry, carryLen + 1);
            chunk[carryLen] = '\n';
            int len = carryLen + 1;
            int fed = carryLen;
            carryLen = 0;
            process(chunk, len, fed, 0, pid, time);
        }
    }

    /** Bytes of a partial line waiting for its newline. */
    int pendingBytes() {
        return carryLen;
    }

    /** Stream offset just past the last byte fed that is in an emitted batch (the rest is a partial line). */
    long emittedOffset() {
        return carryOffset;
    }

    /**
     * @param fed how many of the {@code len} bytes came from the stream (flush adds a newline)
     * @param carried how many leading bytes are a carried partial line, which holds no newline
     */
    private void process(byte[] chunk, int len, int fed, int carried, long pid, Instant time) {
        long chunkOffset = carryOffset;
        int end = lastIndexOfNewline(chunk, carried, len) + 1;
        if (end > 0) {
            int lines = countLines(chunk, end);
            boolean clean = !scanFoundNonAscii || Utf8.isValid(chunk, 0, end);
            clean &= !hasOverlongLine(chunk, end - 1, maxLine);
            if (clean) {
                emit(chunk, end, lines, null, pid, time, chunkOffset + Math.min(end, fed), pooled);
            } else {
                SlowBuilder slow = new SlowBuilder(end + 64);
                int s = 0;
                for (int k = 0; k < end; k++) {
                    if (chunk[k] == '\n') {
                        slow.addLine(chunk, s, k);
                        s = k + 1;
                    }
                }
                slow.emit(pid, time, chunkOffset + Math.min(end, fed));
            }
        }
        int remaining = len - end;
        int from = end;
        if (remaining > maxLine) {
            SlowBuilder slow = new SlowBuilder(remaining + 64);
            while (len - from > maxLine) {
                int cut = Utf8.boundaryAtOrBefore(chunk, from, from + maxLine);
                slow.addFragment(chunk, from, cut);
                from = cut;
            }
            slow.emit(pid, time, chunkOffset + Math.min(from, fed));
        }
        keep(chunk, from, len - from);
        carryOffset = chunkOffset + Math.min(from, fed);
    }

    /** The last newline in {@code [from, len)}, or -1. */
    private static int lastIndexOfNewline(byte[] chunk, int from, int len) {
        int i = len - 1;
        while (i >= from && chunk[i] != '\n') {
            i--;
        }
        return i >= from ? i : -1;
    }

    /**
     * The newlines in {@code [0, end)}, eight bytes at a time with no branch per word: each word's
     * newline bytes become a 1 in their byte lane of {@code perLane}, whose lanes are summed before
     * they can overflow (255 words). Sets {@link #scanFoundNonAscii}.
     */
    private int countLines(byte[] chunk, int end) {
        int lines = 0;
        long high = 0;
        int i = 0;
        int words = end & ~7;
        while (i < words) {
            int stop = Math.min(words, i + 8 * 255);
            long perLane = 0;
            for (; i < stop; i += 8) {
                long w = (long) LONGS.get(chunk, i);
                high |= w;
                long x = w ^ NEWLINES;
                // Exact (no borrow between bytes): the top bit of each byte of w that is '\n'.
                perLane += ~(((x & LOW7) + LOW7) | x | LOW7) >>> 7;
            }
            long pairs = (perLane & 0x00FF00FF00FF00FFL) + ((perLane >>> 8) & 0x00FF00FF00FF00FFL);
            lines += (int) ((pairs * 0x0001000100010001L) >>> 48);
        }
        for (; i < end; i++) {
            byte b = chunk[i];
            high |= b;
            if (b == '\n') {
                lines++;
            }
        }
        scanFoundNonAscii = (high & HIGHS) != 0;
        return lines;
    }

    /**
     * Whether a complete line in {@code [0, lastNewline]} is longer than {@code maxLine}: every
     * window of {@code maxLine + 1} bytes from a line's start must hold its newline. Each window is
     * searched backwards from its end, so short lines cost a few bytes per window, not a full scan.
     */
    static boolean hasOverlongLine(byte[] chunk, int lastNewline, int maxLine) {
        int start = 0;
        while (lastNewline - start > maxLine) {
            int k = start + maxLine;
            while (k >= start && chunk[k] != '\n') {
                k--;
            }
            if (k < start) {
                return true;
            }
            start = k + 1;
        }
        return false;
    }

    private void keep(byte[] chunk, int from, int n) {
        if (n > carry.length) {
            carry = new byte[Math.max(n, carry.length * 2)];
        }
        System.arraycopy(chunk, from, carry, 0, n);
        carryLen = n;
    }

    private void emit(byte[] data, int length, int lines, int[] continued, long pid, Instant time, long sourceEnd,
                      ChunkPool.Chunk chunk) {
        long first = sequence.getAndAdd(lines);
        LogBatch batch = new LogBatch(worker, stream, pid, time, first, nextLineNumber, data, length, lines, continued);
        batch.sourceEnd = sourceEnd;
        batch.chunk = chunk;
        nextLineNumber += lines;
        out.accept(batch);
    }

    /** Rebuilds lines one by one: replaces invalid UTF-8, splits over-long lines and marks the parts. */
    private final class SlowBuilder {
        private byte[] buf;
        private int len;
        private int lines;
        private int[] continued = new int[4];
        private int continuedCount;

        SlowBuilder(int capacity) {
            buf = new byte[capacity];
        }

        void addLine(byte[] a, int s, int e) {
            byte[] src = a;
            if (!Utf8.isValid(a, s, e)) {
                src = Utf8.sanitize(a, s, e);
                s = 0;
                e = src.length;
            }
            while (e - s > maxLine) {
                int cut = Utf8.boundaryAtOrBefore(src, s, s + maxLine);
                append(src, s, cut, true);
                s = cut;
            }
            append(src, s, e, false);
        }

        void addFragment(byte[] a, int s, int e) {
            if (Utf8.isValid(a, s, e)) {
                append(a, s, e, true);
            } else {
                byte[] fixed = Utf8.sanitize(a, s, e);
                append(fixed, 0, fixed.length, true);
            }
        }

        private void append(byte[] src, int s, int e, boolean isContinued) {
            int n = e - s;
            if (len + n + 1 > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n + 1));
            }
            System.arraycopy(src, s, buf, len, n);
            len += n;
            buf[len++] = '\n';
            if (isContinued) {
                if (continuedCount == continued.length) {
                    continued = Arrays.copyOf(continued, continuedCount * 2);
                }
                continued[continuedCount++] = lines;
            }
            lines++;
        }

        void emit(long pid, Instant time, long sourceEnd) {
            if (lines > 0) {
                LineFramer.this.emit(buf, len, lines, continuedCount == 0 ? null : Arrays.copyOf(continued, continuedCount),
                        pid, time, sourceEnd, null);
            }
        }
    }
}
