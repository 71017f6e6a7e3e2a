package io.hsu.logs.internal;

import io.hsu.core.event.Subscription;
import io.hsu.core.internal.SerialExecutor;
import io.hsu.logs.LogRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Concurrency: append() and the readers take the lock only to change or copy the list of batches
 * (batches are immutable), never while decoding. Followers get records on their own serial
 * executor; the backlog and each new batch are queued to it under the lock, so a follower sees
 * every line once, in sequence order, without gaps between the backlog and live lines.
 */
/** A worker's in-memory tail: the newest lines of both streams, bounded by bytes and lines. Thread-safe. */
final class WorkerTail {
    private static final Logger log = LoggerFactory.getLogger(WorkerTail.class);

    private final long maxBytes;
    private final int maxLines;
    private final UnaryOperator<LogRecord> enrich;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private long bytes;

    /** @param enrich adds levels and fields to decoded records (followers and search read them) */
    WorkerTail(long maxBytes, int maxLines, UnaryOperator<LogRecord> enrich) {
        this.maxBytes = maxBytes;
        this.maxLines = maxLines;
        this.enrich = enrich;
    }

    void append(LogBatch batch) {
        lock.lock();
        try {
            if (maxBytes > 0 && maxLines > 0) {
                entries.addLast(new Entry(batch));
                bytes += batch.length;
                trim();
            }
            for (Follower f : followers) {
                f.deliver(List.of(new Entry(batch)));   // a reference of its own, released once decoded
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops whole batches while the rest still holds {@code maxBytes}, then cuts the head batch at
     * the first line boundary that brings the total under the bound: the cost is one line, not a
     * scan of everything that passes through. The line bound is applied when reading.
     */
    private void trim() {
        while (bytes > maxBytes) {
            Entry head = entries.peekFirst();
            long headBytes = head.batch.length - head.offset;
            if (bytes - headBytes >= maxBytes || entries.size() == 1 && headBytes <= bytes - maxBytes) {
                entries.pollFirst().batch.releaseBytes();
                bytes -= headBytes;
                continue;
            }
            int i = head.offset + (int) (bytes - maxBytes) - 1;
            byte[] d = head.batch.data;
            while (i < head.batch.length - 1 && d[i] != '\n') {
                i++;
            }
            bytes -= i + 1 - head.offset;
            head.offset = i + 1;
            if (head.offset >= head.batch.length) {
                entries.pollFirst().batch.releaseBytes();
            }
        }
    }

    /** Copies of the current entries, oldest first. */
    private List<Entry> snapshot() {
        lock.lock();
        try {
            List<Entry> copy = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                copy.add(e.copy());
            }
            return copy;
        } finally {
            lock.unlock();
        }
    }

    /** Every record in the tail, oldest first. */
    List<LogRecord> records() {
        List<LogRecord> out = new ArrayList<>();
        for (Entry e : snapshot()) {
            e.decodeAndRelease(out, Long.MIN_VALUE, enrich);
        }
        return out.size() > maxLines ? List.copyOf(out.subList(out.size() - maxLines, out.size())) : out;
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Delivers the tail's records from {@code fromSequence} on, then every new one, until closed. */
    Subscription follow(long fromSequence, Consumer<? super LogRecord> listener) {
        Follower f = new Follower(fromSequence, listener);
        lock.lock();
        try {
            List<Entry> backlog = new ArrayList<>();
            for (Entry e : entries) {
                backlog.add(e.copy());
            }
            f.deliverBacklog(backlog, maxLines);
            followers.add(f);
        } finally {
            lock.unlock();
        }
        return () -> {
            f.closed = true;
            followers.remove(f);
        };
    }

    private final class Follower {
        final long from;
        final Consumer<? super LogRecord> listener;
        final SerialExecutor executor = new SerialExecutor("log-follower");
        volatile boolean closed;

        Follower(long from, Consumer<? super LogRecord> listener) {
            this.from = from;
            this.listener = listener;
        }

        void deliver(List<Entry> batch) {
            deliverBacklog(batch, Integer.MAX_VALUE);
        }

        void deliverBacklog(List<Entry> batch, int lastLines) {
            executor.execute(() -> {
                List<LogRecord> all = new ArrayList<>();
                for (Entry e : batch) {
                    e.decodeAndRelease(all, from, enrich);
                }
                List<LogRecord> records = all.size() > lastLines ? all.subList(all.size() - lastLines, all.size()) : all;
                for (LogRecord r : records) {
                    if (closed) {
                        return;
                    }
                    try {
                        listener.accept(r);
                    } catch (RuntimeException ex) {
                        log.warn("log follower {} failed; its later failures are not logged", listener.getClass().getName(), ex);
                    }
                }
            });
        }
    }

    /**
     * A batch and how many bytes of its head were trimmed (always at a line boundary). Each entry
     * holds a reference to the batch's bytes: the tail's until trimmed, a copy's until decoded.
     * Entries are made under the lock, while the tail's own reference keeps the bytes valid.
     */
    private static final class Entry {
        final LogBatch batch;
        int offset;

        Entry(LogBatch batch) {
            this.batch = batch;
            batch.retainBytes();
        }

        Entry copy() {
            Entry e = new Entry(batch);
            e.offset = offset;
            return e;
        }

        void decodeAndRelease(List<LogRecord> out, long fromSequence, UnaryOperator<LogRecord> enrich) {
            try {
                decodeInto(out, fromSequence, enrich);
            } finally {
                batch.releaseBytes();
            }
        }

        private void decodeInto(List<LogRecord> out, long fromSequence, UnaryOperator<LogRecord> enrich) {
            if (batch.firstSequence + batch.lineCount <= fromSequence) {
                return;
            }
            int lineIndex = 0;
            for (int i = 0; i < offset; i++) {
                if (batch.data[i] == '\n') {
                    lineIndex++;
                }
            }
            for (LogRecord r : batch.decode()) {
                long index = r.sequence() - batch.firstSequence;
                if (index >= lineIndex && r.sequence() >= fromSequence) {
                    out.add(enrich.apply(r));
                }
            }
        }
    }
}
