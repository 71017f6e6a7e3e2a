package io.hsu.logs.internal;

import io.hsu.core.WorkerId;
import io.hsu.logs.LogRecord;
import io.hsu.logs.LogStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Complete lines of one stream from one read: valid UTF-8, each at most the maximum line length,
 * each ending in '\n'. The bytes are never modified while anyone holds the batch, so outputs, the
 * tail and followers share one batch; when they live in a pooled array ({@code chunk}), whoever
 * keeps the batch past the call that handed it over holds it with {@link #retainBytes()}.
 * {@code records} is set when the worker's pipeline looked at lines one by one (parsing, filters):
 * then it holds the lines that passed the filters.
 */
public final class LogBatch {
    final WorkerId worker;
    final LogStream stream;
    final long pid;
    final Instant time;
    final long firstSequence;
    final long firstLineNumber;
    final byte[] data;
    final int length;
    final int lineCount;
    /** Sorted indexes of lines that are split parts with more to follow, or null for none. */
    final int[] continuedLines;
    /** The filtered, parsed records, or null when outputs may use the bytes as they are. */
    List<LogRecord> records;
    /** {@link #outputBytes()} and {@link #queueWeight()} of {@code records}, counted once in {@link #withRecords}. */
    private long recordBytes;
    private long recordWeight;
    /** Add host, master id and line number (the worker's add_metadata). */
    boolean enrich = true;
    /** Offset in the source stream just past the bytes this batch was built from (0 when not tracked). */
    long sourceEnd;
    /** The FIFO acknowledgement {@code block} outputs hold until written, or null when nobody waits for it. */
    Delivery delivery;
    /** The pooled array {@code data} is, shared with copies of this batch; null when {@code data} is the batch's own. */
    ChunkPool.Chunk chunk;

    LogBatch(WorkerId worker, LogStream stream, long pid, Instant time, long firstSequence, long firstLineNumber,
             byte[] data, int length, int lineCount, int[] continuedLines) {
        this.worker = worker;
        this.stream = stream;
        this.pid = pid;
        this.time = time;
        this.firstSequence = firstSequence;
        this.firstLineNumber = firstLineNumber;
        this.data = data;
        this.length = length;
        this.lineCount = lineCount;
        this.continuedLines = continuedLines;
    }

    /** A copy sharing the bytes, with {@code records} set. */
    LogBatch withRecords(List<LogRecord> filtered) {
        LogBatch b = new LogBatch(worker, stream, pid, time, firstSequence, firstLineNumber, data, length, lineCount,
                continuedLines);
        b.records = filtered;
        b.enrich = enrich;
        b.sourceEnd = sourceEnd;
        b.delivery = delivery;
        b.chunk = chunk;
        for (LogRecord r : filtered) {
            int chars = r.message().length();
            b.recordBytes += chars + 1;
            b.recordWeight += 2L * chars + 160 + 96L * r.fields().size();
        }
        return b;
    }

    /**
     * Keeps {@code data} valid past the call that handed this batch over (queued, kept in the
     * tail, read later); every retain is matched by one {@link #releaseBytes()}.
     */
    void retainBytes() {
        if (chunk != null) {
            chunk.retain();
        }
    }

    void releaseBytes() {
        if (chunk != null) {
            chunk.release();
        }
    }

    boolean isContinued(int lineIndex) {
        return continuedLines != null && Arrays.binarySearch(continuedLines, lineIndex) >= 0;
    }

    /** Number of lines outputs receive: the filtered records, or all lines. */
    int outputLineCount() {
        return records != null ? records.size() : lineCount;
    }

    /** The bytes outputs receive, for queue accounting. */
    long outputBytes() {
        return records == null ? length : recordBytes;
    }

    /**
     * What this batch costs a queue, in bytes of heap: its bytes when outputs use them as they
     * are; an estimate of the records' footprint otherwise (strings, maps, the record itself),
     * so a queue of parsed records holds about as much memory as its bound says.
     */
    long queueWeight() {
        return records == null ? length : recordWeight;
    }

    interface LineVisitor {
        void line(int index, int start, int end);
    }

    /** Calls {@code visitor} for each line: {@code [start, end)} excludes the newline. */
    void forEachLine(LineVisitor visitor) {
        int start = 0;
        int index = 0;
        for (int i = 0; i < length; i++) {
            if (data[i] == '\n') {
                visitor.line(index++, start, i);
                start = i + 1;
            }
        }
    }

    /** The lines as unparsed records (the pipeline adds levels and fields). */
    List<LogRecord> decode() {
        List<LogRecord> out = new ArrayList<>(lineCount);
        forEachLine((index, start, end) -> out.add(new LogRecord(time, worker, stream, pid, firstSequence + index,
                firstLineNumber + index, new String(data, start, end - start, StandardCharsets.UTF_8), Optional.empty(),
                Map.of(), isContinued(index))));
        return out;
    }
}
