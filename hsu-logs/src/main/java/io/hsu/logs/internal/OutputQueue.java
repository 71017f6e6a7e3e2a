package io.hsu.logs.internal;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.logs.LogEvent;
import io.hsu.logs.OutputStats;
import io.hsu.logs.OverflowPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Concurrency: producers (the collector loop, followers) call offer(); one writer at a time drains
 * (the 'draining' flag, set under the lock, is the token) on the output executor. The lock guards
 * the deque, the byte count and the waiters; the sink is used only by the writer, outside the lock.
 *
 * Failure handling: a write that throws leaves the batch at the head of the queue; the output is
 * "failing" until a write succeeds: the first failure of an episode is logged and published once,
 * retries run on the scheduler with a delay that doubles up to 30 s, and the recovery is published
 * with the episode's length. The queue keeps its bound meanwhile, so block back-pressures and the
 * drop policies count what they drop.
 */
/** One output's bounded queue and its writer. Thread-safe. */
final class OutputQueue {
    private static final Logger log = LoggerFactory.getLogger(OutputQueue.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final long FLUSH_BYTES = 1 << 20;

    private final String name;
    private final Sink sink;
    private final OverflowPolicy policy;
    private final long limit;
    private final long lowWater;
    private final Executor executor;
    private final Scheduler scheduler;
    private final EventPublisher<LogEvent> events;
    private final AtomicLong eventSequence;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<LogBatch> queue = new ArrayDeque<>();
    /** Written batches whose bytes the sink still buffers: their deliveries are released by the next flush. Writer only. */
    private final List<Delivery> unflushed = new ArrayList<>();
    private final Set<Pauser> waiters = new LinkedHashSet<>();
    private long queuedBytes;
    /** The head batch the writer is writing now (outside the lock), or null: only the writer removes and releases it. */
    private LogBatch inFlight;
    private boolean draining;
    private boolean retryScheduled;
    private boolean closed;
    private long dropEpisodeLines;
    private WorkerId lastDropWorker;

    private final AtomicLong linesWritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong linesDropped = new AtomicLong();
    private volatile boolean failing;
    private volatile WorkerId lastWorker;
    private Instant failingSince;
    private long failedAttempts;
    private Duration retryDelay = FIRST_RETRY;

    OutputQueue(String name, Sink sink, OverflowPolicy policy, long limit, Executor executor, Scheduler scheduler,
                EventPublisher<LogEvent> events, AtomicLong eventSequence) {
        this.name = name;
        this.sink = sink;
        this.policy = policy;
        this.limit = limit;
        this.lowWater = limit / 2;
        this.executor = executor;
        this.scheduler = scheduler;
        this.events = events;
        this.eventSequence = eventSequence;
    }

    String name() {
        return name;
    }

    /** True for {@code block}: every queued batch is written (or kept queued), none dropped while open. */
    boolean lossless() {
        return policy == OverflowPolicy.BLOCK;
    }

    /**
     * Queues {@code batch}. With {@code block}, a full queue still takes the batch (so the bound is
     * the limit plus one read) and pauses {@code pauser} until it drains below half the limit.
     */
    void offer(LogBatch batch, Pauser pauser) {
        long size = batch.queueWeight();
        if (batch.outputLineCount() == 0) {
            return;
        }
        lastWorker = batch.worker;
        LogEvent dropEvent = null;
        boolean startDrain = false;
        lock.lock();
        try {
            if (closed) {
                linesDropped.addAndGet(batch.outputLineCount());
                if (batch.delivery != null && policy == OverflowPolicy.BLOCK) {
                    batch.delivery.retain();   // never released: the bytes stay in the FIFO for the next reader
                }
                return;
            }
            if (queuedBytes + size > limit && !queue.isEmpty()) {
                if (policy == OverflowPolicy.BLOCK) {
                    if (pauser != null && waiters.add(pauser)) {
                        pauser.pause();
                    }
                } else if (policy == OverflowPolicy.DROP_NEWEST) {
                    dropEvent = dropped(batch.worker, batch.outputLineCount());
                    return;
                } else {
                    LogBatch old;
                    while (queuedBytes + size > limit && (old = removeOldestDroppable()) != null) {
                        old.releaseBytes();
                        queuedBytes -= old.queueWeight();
                        LogEvent e = dropped(old.worker, old.outputLineCount());
                        dropEvent = dropEvent == null ? e : dropEvent;
                    }
                }
            }
            queue.addLast(batch);
            batch.retainBytes();
            queuedBytes += size;
            if (batch.delivery != null && policy == OverflowPolicy.BLOCK) {
                batch.delivery.retain();
            }
            if (!draining && !retryScheduled) {
                draining = true;
                startDrain = true;
            }
        } finally {
            lock.unlock();
            if (dropEvent != null) {
                events.publish(dropEvent);
            }
        }
        if (startDrain) {
            executor.execute(this::drain);
        }
    }

    /** The oldest queued batch that is not being written, removed; null if there is none. Under the lock. */
    private LogBatch removeOldestDroppable() {
        java.util.Iterator<LogBatch> it = queue.iterator();
        while (it.hasNext()) {
            LogBatch b = it.next();
            if (b != inFlight) {
                it.remove();
                return b;
            }
        }
        return null;
    }

    /** Counts a drop; returns the event to publish when an episode starts. Under the lock. */
    private LogEvent dropped(WorkerId worker, int lines) {
        linesDropped.addAndGet(lines);
        lastDropWorker = worker;
        boolean first = dropEpisodeLines == 0;
        dropEpisodeLines += lines;
        if (first) {
            log.warn("log output {} is full; dropping lines ({} policy)", name, policy.name().toLowerCase(java.util.Locale.ROOT));
            return new LogEvent.LinesDropped(worker, scheduler.now(), eventSequence.incrementAndGet(), name, lines, false);
        }
        return null;
    }

    private void drain() {
        while (true) {
            LogBatch next;
            lock.lock();
            try {
                next = queue.peekFirst();
                inFlight = next;   // from here on, drops and close leave it to this writer
            } finally {
                lock.unlock();
            }
            long buffered = sink.buffered();
            if (buffered > 0 && (next == null || buffered >= FLUSH_BYTES)) {
                try {
                    sink.flush();
                } catch (IOException | RuntimeException e) {
                    notInFlight();
                    failed(e);
                    return;
                }
                recovered();
                releaseFlushed();
                continue;
            }
            if (next == null) {
                lock.lock();
                try {
                    if (queue.isEmpty()) {
                        draining = false;
                        drained.signalAll();
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                continue;
            }
            try {
                sink.write(next);
            } catch (IOException | RuntimeException e) {
                notInFlight();   // stays queued for the retry
                failed(e);
                return;
            }
            recovered();
            if (next.delivery != null && policy == OverflowPolicy.BLOCK) {
                unflushed.add(next.delivery);
            }
            if (sink.buffered() == 0) {
                releaseFlushed();
            }
            List<Pauser> resume = null;
            LogEvent dropEnd = null;
            lock.lock();
            try {
                inFlight = null;
                if (queue.peekFirst() == next) {   // else close() emptied the queue meanwhile
                    queue.pollFirst();
                    queuedBytes -= next.queueWeight();
                }
                next.releaseBytes();   // sinks copy what they keep (the Sink contract)
                linesWritten.addAndGet(next.outputLineCount());
                bytesWritten.addAndGet(next.outputBytes());
                if (queuedBytes <= lowWater) {
                    if (!waiters.isEmpty()) {
                        resume = new ArrayList<>(waiters);
                        waiters.clear();
                    }
                    if (dropEpisodeLines > 0) {
                        dropEnd = new LogEvent.LinesDropped(lastDropWorker, scheduler.now(), eventSequence.incrementAndGet(),
                                name, dropEpisodeLines, true);
                        dropEpisodeLines = 0;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (resume != null) {
                resume.forEach(Pauser::resume);
            }
            if (dropEnd != null) {
                events.publish(dropEnd);
            }
        }
    }

    private void notInFlight() {
        lock.lock();
        try {
            inFlight = null;
        } finally {
            lock.unlock();
        }
    }

    private void releaseFlushed() {
        if (!unflushed.isEmpty()) {
            unflushed.forEach(Delivery::release);
            unflushed.clear();
        }
    }

    private void failed(Exception e) {
        failedAttempts++;
        if (!failing) {
            failing = true;
            failingSince = scheduler.now();
            retryDelay = FIRST_RETRY;
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn("log output {} failed, retrying until it works: {}", name, error);
            WorkerId worker = lastWorker;
            if (worker != null) {
                events.publish(new LogEvent.OutputFailed(worker, scheduler.now(), eventSequence.incrementAndGet(), name, error));
            }
        } else {
            retryDelay = retryDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retryDelay.multipliedBy(2);
        }
        lock.lock();
        try {
            draining = false;
            retryScheduled = true;
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        scheduler.schedule(this::retry, retryDelay);
    }

    private void retry() {
        lock.lock();
        try {
            retryScheduled = false;
            if (draining) {
                return;
            }
            draining = true;
        } finally {
            lock.unlock();
        }
        executor.execute(this::drain);
    }

    private void recovered() {
        if (failing) {
            failing = false;
            Duration failedFor = Duration.between(failingSince, scheduler.now());
            log.info("log output {} works again after {} ({} failed attempts)", name, failedFor, failedAttempts);
            events.publish(new LogEvent.OutputRecovered(lastWorker, scheduler.now(), eventSequence.incrementAndGet(), name,
                    failedFor, failedAttempts));
            failedAttempts = 0;
        }
    }

    /** Waits until nothing is queued and no write is under way, or {@code timeout} passes; true if drained. */
    boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!queue.isEmpty() || draining) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                drained.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    void reopen() {
        // Runs through the writer's executor would reorder with writes; files tolerate a reopen between writes.
        try {
            sink.reopen();
        } catch (IOException | RuntimeException e) {
            log.warn("reopening log output {} failed: {}", name, e.toString());
        }
    }

    OutputStats stats() {
        lock.lock();
        try {
            return new OutputStats(name, linesWritten.get(), bytesWritten.get(), linesDropped.get(), queuedBytes, failing);
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued (up to {@code timeout}), drops and counts the rest, closes the sink. */
    void close(Duration timeout) {
        try {
            awaitDrained(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pauser> resume;
        lock.lock();
        try {
            closed = true;
            for (LogBatch b : queue) {
                if (b != inFlight) {   // a writer still busy with it counts and releases it
                    linesDropped.addAndGet(b.outputLineCount());
                    b.releaseBytes();
                }
            }
            queue.clear();
            queuedBytes = 0;
            resume = new ArrayList<>(waiters);
            waiters.clear();
        } finally {
            lock.unlock();
        }
        resume.forEach(Pauser::resume);
        sink.close();
    }
}
