package io.hsu.logs.internal;

import io.hsu.core.WorkerId;
import io.hsu.core.internal.Checks;
import io.hsu.core.internal.Threads;
import io.hsu.core.posix.Epoll;
import io.hsu.core.posix.Pipe;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.PosixException;
import io.hsu.logs.LogStream;
import io.hsu.logs.OutputAttachment;
import io.hsu.logs.OutputCollector;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Concurrency: one loop thread owns the epoll wait, the read buffer, the scratch pipe, every
 * receiver and every epoll_ctl MODIFY/DEL and close of an attached descriptor, so a descriptor
 * number is never closed while the loop may still act on it. Other threads add attachments (open +
 * EPOLL_CTL_ADD, after the map entry is published) and post tasks (resume, close, "a delivery is
 * written"), then wake the loop.
 *
 * At-least-once (an attachment whose receiver tracks deliveries, i.e. a stream with a block
 * output): the loop never read()s the FIFO. It tee()s the FIFO's bytes into the scratch pipe (they
 * stay in the FIFO), reads them from there and hands them on; a byte leaves the FIFO (spliced to
 * /dev/null) only when every batch built up to it has been written by every block output. If this
 * process dies meanwhile, the next master reading the FIFO sees those bytes again: duplicates at
 * the kill instant, never a gap. tee() always copies from the FIFO's head, so bytes handed on but
 * not yet consumed ("ahead") are copied again and dropped from the scratch pipe on the next read;
 * ahead is bounded by the scratch pipe's size. Level-triggered EPOLLIN stays ready while they sit
 * in the FIFO, so an attachment with nothing new but deliveries pending is disarmed and looked at
 * again when a delivery completes (and every POLL_MILLIS, for new bytes while outputs are slow).
 * A turn that found less than a read buffer makes the next one wait LINGER_NANOS (the loop parks
 * meanwhile), so a fast writer's bytes are taken several writes at a time: per-turn syscalls,
 * batches and wakeups, not bytes, were most of the capture's CPU.
 *
 * Lifecycle: the loop starts with the collector and ends at close(), which first closes (drains)
 * every attachment on the loop; a tracked attachment waits up to CLOSE_ACK_WAIT for its outputs.
 *
 * Failure handling: a failing read (EBADF, EIO) ends that attachment only, logged once; a receiver
 * that throws is logged and the loop goes on.
 */
/** The epoll loop behind {@link OutputCollector}: see the class comment for the FIFO design. */
public final class EpollOutputCollector implements OutputCollector {
    private static final Logger log = LoggerFactory.getLogger(EpollOutputCollector.class);
    static final int READ_BUFFER_BYTES = 256 * 1024;   // below G1's humongous size for a 1 MB region
    /** Reads a closing attachment takes at most (4 MiB): what a still-running worker writes after stays in the FIFO. */
    private static final int MAX_CLOSE_READS = 16;
    private static final int PIPE_BYTES = 1 << 20;
    /** Reads per readiness report before the loop serves the next descriptor (fairness). */
    private static final int READS_PER_TURN = 4;
    private static final int POLL_MILLIS = 20;
    /**
     * A tracked attachment whose last turn took less than a read buffer is looked at again only
     * this long after it, so a fast writer's 64 KiB writes are taken a few at a time (one tee,
     * read, batch, file write, wakeup and consume for several): most of a turn's cost is per turn.
     * Short enough that the FIFO window (1 MiB) does not fill meanwhile at 600+ MB/s.
     */
    private static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(300);
    /** A window with less room than this and nothing but a partial line in it is consumed (see peek). */
    private static final int MIN_PEEK_BYTES = 64 * 1024;
    private static final long CLOSE_ACK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ReceiverFactory receivers;
    private final Posix posix = Posix.get();
    private final Epoll epoll = Epoll.open(256);
    private final Map<Integer, Attachment> byFd = new ConcurrentHashMap<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    /** Attachments to look at again every POLL_MILLIS: disarmed with deliveries pending, or closing. Loop only. */
    private final Set<Attachment> waiting = new LinkedHashSet<>();
    /** Tracked attachments holding back a turn until LINGER_NANOS after their last one. Loop only. */
    private final Set<Attachment> lingering = new LinkedHashSet<>();
    private final Thread loop;
    private final Object lifecycle = new Object();
    private volatile boolean closing;
    /** The pipe tee() copies into, and /dev/null; opened on the first tracked attachment, under lifecycle. */
    private Pipe scratch;
    private int scratchBytes;
    private int devNull = -1;

    public EpollOutputCollector(String threadName, ReceiverFactory receivers) {
        this.receivers = Checks.notNull(receivers, "receivers");
        this.loop = Threads.daemonFactory(threadName).newThread(this::run);
        loop.start();
    }

    @Override
    public OutputAttachment attach(WorkerId worker, LogStream stream, Path fifo) {
        Checks.notNull(worker, "worker");
        Checks.notNull(stream, "stream");
        Checks.notNull(fifo, "fifo");
        synchronized (lifecycle) {
            Checks.state(!closing, "output collector is closed; cannot attach %s %s", worker, stream.label());
            int readFd = posix.open(fifo, Posix.O_RDONLY | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
            int writeFd;
            try {
                writeFd = posix.open(fifo, Posix.O_WRONLY | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
            } catch (PosixException e) {
                posix.close(readFd);
                throw e;
            }
            try {
                posix.setPipeSize(readFd, PIPE_BYTES);
            } catch (PosixException e) {
                log.debug("cannot raise the pipe size of {}: {}", fifo, e.getMessage());
            }
            Attachment a = new Attachment(worker, stream, fifo, readFd, writeFd);
            a.receiver = receivers.open(worker, stream, () -> post(a::resumeIfReady));
            if (openScratch()) {
                DeliveryTracker tracker = new DeliveryTracker(loop, () -> post(a::delivered));
                if (a.receiver.trackDeliveries(tracker)) {
                    a.tracker = tracker;
                }
            }
            byFd.put(readFd, a);
            try {
                epoll.add(readFd, Epoll.IN);
            } catch (PosixException e) {
                byFd.remove(readFd);
                posix.close(writeFd);
                posix.close(readFd);
                throw e;
            }
            return a;
        }
    }

    /** Opens the scratch pipe and /dev/null once; false (logged) if that fails: then reads consume. Under lifecycle. */
    private boolean openScratch() {
        if (scratch != null) {
            return true;
        }
        try {
            Pipe p = posix.pipe2(Posix.O_NONBLOCK | Posix.O_CLOEXEC);
            int bytes;
            try {
                bytes = posix.setPipeSize(p.writeFd(), PIPE_BYTES);
            } catch (PosixException e) {
                bytes = posix.getPipeSize(p.writeFd());
                log.debug("cannot raise the scratch pipe size: {}", e.getMessage());
            }
            try {
                devNull = posix.open(Path.of("/dev/null"), Posix.O_WRONLY | Posix.O_CLOEXEC);
            } catch (PosixException e) {
                posix.close(p.readFd());
                posix.close(p.writeFd());
                throw e;
            }
            scratchBytes = bytes;
            scratch = p;
            return true;
        } catch (PosixException e) {
            log.warn("cannot open the scratch pipe for at-least-once log capture; lines read just before a crash of"
                    + " this process may be lost: {}", e.getMessage());
            return false;
        }
    }

    /** Number of attachments open now. */
    public int attachmentCount() {
        return byFd.size();
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closing) {
                return;
            }
            closing = true;
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Attachment a : byFd.values()) {
            all.add(a.closeAsync());
        }
        if (Thread.currentThread() == loop) {
            return;   // called from a task on the loop: it runs the closes next, then ends
        }
        await(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)), "closing the output attachments");
        epoll.wakeup();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CompletableFuture<Void> done, String what) {
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{} did not finish: {}", what, e.toString());
        }
    }

    private void post(Runnable task) {
        tasks.add(task);
        epoll.wakeup();
    }

    private void run() {
        long lastPoll = System.nanoTime();
        try {
            while (!(closing && byFd.isEmpty())) {
                int n;
                if (!lingering.isEmpty()) {
                    // Sub-millisecond: epoll_wait counts whole milliseconds. Posted tasks wait as long.
                    long until = Long.MAX_VALUE;
                    for (Attachment a : lingering) {
                        until = Math.min(until, a.lastTurnNanos + LINGER_NANOS);
                    }
                    long wait = until - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    n = epoll.await(0);
                } else {
                    n = epoll.await(!waiting.isEmpty() ? POLL_MILLIS : closing ? 100 : -1);
                }
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    runGuarded(task);
                }
                for (int i = 0; i < n; i++) {
                    Attachment a = byFd.get(epoll.readyFd(i));
                    if (a != null && !a.closed) {
                        a.readTurn(READS_PER_TURN);
                    }
                }
                if (!lingering.isEmpty()) {
                    for (Attachment a : new ArrayList<>(lingering)) {
                        if (!a.lingers()) {
                            runGuarded(a::poll);
                        }
                    }
                }
                if (!waiting.isEmpty() && System.nanoTime() - lastPoll >= TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)) {
                    lastPoll = System.nanoTime();
                    for (Attachment a : new ArrayList<>(waiting)) {
                        runGuarded(a::poll);
                    }
                }
            }
            for (Runnable task; (task = tasks.poll()) != null; ) {
                runGuarded(task);
            }
        } catch (RuntimeException | Error e) {
            log.error("output collector loop failed; worker output is no longer drained", e);
        } finally {
            epoll.close();
            synchronized (lifecycle) {
                if (scratch != null) {
                    closeQuietly(scratch.readFd());
                    closeQuietly(scratch.writeFd());
                    closeQuietly(devNull);
                }
            }
        }
    }

    private static void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("output collector task failed", e);
        }
    }

    private void closeQuietly(int fd) {
        try {
            posix.close(fd);
        } catch (RuntimeException e) {
            log.debug("close({}) failed: {}", fd, e.toString());
        }
    }

    /** One attached FIFO. Fields other than the counters belong to the loop thread. */
    private final class Attachment implements OutputAttachment {
        final WorkerId worker;
        final LogStream stream;
        final Path fifo;
        final int readFd;
        final int writeFd;
        final AtomicLong bytesRead = new AtomicLong();
        final CompletableFuture<Void> closed0 = new CompletableFuture<>();
        StreamReceiver receiver;
        /** Set (before the loop sees the attachment) when bytes leave the FIFO only once written. */
        DeliveryTracker tracker;
        /** Stream offsets since attach: bytes removed from the FIFO, bytes handed to the receiver. */
        long consumed;
        long peeked;
        volatile long pid;
        volatile boolean closed;
        boolean armed = true;
        boolean failed;
        /** Closing with deliveries tracked: set once the partial last line went out. */
        boolean tailFlushed;
        long closeDeadline;
        /** When the last turn that read began, and the bytes it read. */
        long lastTurnNanos;
        long lastTurnBytes;
        /** The last peek took every byte the FIFO held. */
        boolean emptied;

        Attachment(WorkerId worker, LogStream stream, Path fifo, int readFd, int writeFd) {
            this.worker = worker;
            this.stream = stream;
            this.fifo = fifo;
            this.readFd = readFd;
            this.writeFd = writeFd;
        }

        @Override
        public void processStarted(long pid) {
            this.pid = pid;
        }

        @Override
        public long bytesRead() {
            return bytesRead.get();
        }

        /**
         * Reads up to {@code turns} buffers, removes what outputs have written from the FIFO, then
         * stops watching the FIFO while the receiver is paused or while only bytes already handed on
         * sit in it.
         */
        void readTurn(int turns) {
            boolean drained = false;
            if (tracker != null) {
                consumeDelivered();
            }
            if (tracker != null && !closed && lingers()) {
                setArmed(false);
                lingering.add(this);
                return;
            }
            lingering.remove(this);
            if (tracker != null) {
                lastTurnNanos = System.nanoTime();
                lastTurnBytes = 0;
            }
            int reads = 0;
            while (reads < turns && !receiver.paused()) {
                int n = readOnce();
                lastTurnBytes += Math.max(n, 0);
                if (n <= 0) {
                    drained = true;
                    // Batches released on this thread (filtered out, no block output) may have freed the window.
                    if (tracker != null && consumeDelivered()) {
                        drained = false;
                        reads++;
                        continue;
                    }
                    break;
                }
                reads++;
                if (emptied) {
                    // The tee took all the FIFO held: another would find nothing new.
                    drained = true;
                    consumeDelivered();
                    break;
                }
            }
            if (tracker != null && !drained) {
                consumeDelivered();
            }
            boolean onlyHandedOn = tracker != null && drained && peeked > consumed && !failed;
            setArmed(!receiver.paused() && !onlyHandedOn && !failed);
            if (onlyHandedOn && !receiver.paused()) {
                waiting.add(this);
            } else {
                waiting.remove(this);
            }
        }

        /** True while a turn should wait: the last one was recent and took less than a read buffer. */
        boolean lingers() {
            return lastTurnBytes < READ_BUFFER_BYTES && System.nanoTime() - lastTurnNanos < LINGER_NANOS;
        }

        private void setArmed(boolean on) {
            if (on != armed) {
                epoll.modify(readFd, on ? Epoll.IN : 0);
                armed = on;
            }
        }

        void resumeIfReady() {
            if (!closed && !armed && !receiver.paused()) {
                readTurn(READS_PER_TURN);
            }
        }

        /** A delivery was written (posted by an output's writer). */
        void delivered() {
            if (closed) {
                if (tracker != null && !closed0.isDone()) {
                    closeStep();
                }
            } else {
                readTurn(READS_PER_TURN);
            }
        }

        /** The POLL_MILLIS look at a waiting attachment. */
        void poll() {
            if (closed) {
                closeStep();
            } else {
                readTurn(READS_PER_TURN);
            }
        }

        /** Reads once and hands the bytes to the receiver. Returns bytes read, 0 when none is new, -1 on failure. */
        int readOnce() {
            if (failed) {
                return -1;
            }
            try {
                if (tracker != null) {
                    return peek();
                }
                buffer.clear();
                int n = posix.read(readFd, buffer);
                if (n > 0) {
                    hand(n);
                }
                return n;
            } catch (PosixException | IllegalStateException e) {
                failed = true;
                log.warn("reading {} output of worker '{}' from {} failed; it is no longer collected: {}",
                        stream.label(), worker, fifo, e.getMessage());
                if (tracker != null) {
                    clearScratch();
                }
                return -1;
            }
        }

        /** Hands the {@code n} bytes before the buffer's position to the receiver. */
        private void hand(int n) {
            bytesRead.addAndGet(n);
            buffer.flip();
            try {
                receiver.onData(buffer, pid);
            } catch (RuntimeException e) {
                log.error("log pipeline of worker '{}' failed on {} bytes of {}", worker, n, stream.label(), e);
            }
        }

        /**
         * Copies the FIFO's bytes after those already handed on (as many as the window takes, in one
         * tee) and hands them to the receiver a buffer at a time; they stay in the FIFO.
         */
        private int peek() {
            long ahead = peeked - consumed;
            if (scratchBytes - ahead < MIN_PEEK_BYTES) {
                consumeDelivered();
                if (tracker.idle()) {
                    // All that is ahead is one partial line about as long as the window: it is kept in
                    // memory only (a crash now loses it) rather than never reading its end.
                    consumeTo(peeked);
                }
                ahead = peeked - consumed;
            }
            long room = scratchBytes - ahead;
            if (room <= 0) {
                return 0;   // the window is full: wait for outputs to write
            }
            long copied = posix.tee(readFd, scratch.writeFd(), ahead + room);
            emptied = copied < ahead + room;
            if (copied <= 0) {
                return 0;
            }
            if (copied <= ahead) {
                discardScratch(copied);
                return 0;
            }
            discardScratch(ahead);
            long fresh = copied - ahead;
            peeked += fresh;
            for (long left = fresh; left > 0; ) {
                buffer.clear();
                int slice = (int) Math.min(left, buffer.capacity());
                buffer.limit(slice);
                while (buffer.hasRemaining()) {
                    if (posix.read(scratch.readFd(), buffer) <= 0) {
                        throw new IllegalStateException("the scratch pipe held fewer bytes than tee() copied");
                    }
                }
                left -= slice;
                hand(slice);
            }
            return (int) fresh;
        }

        /** Empties the scratch pipe after a failure, so the next attachment's tee starts clean. */
        private void clearScratch() {
            try {
                while (posix.splice(scratch.readFd(), devNull, scratchBytes) > 0) {
                    // discard
                }
            } catch (PosixException e) {
                log.debug("emptying the scratch pipe failed: {}", e.getMessage());
            }
        }

        private void discardScratch(long bytes) {
            for (long left = bytes; left > 0; ) {
                long n = posix.splice(scratch.readFd(), devNull, left);
                if (n <= 0) {
                    throw new IllegalStateException("the scratch pipe held fewer bytes than tee() copied");
                }
                left -= n;
            }
        }

        /** Removes from the FIFO the bytes every block output has written; true if it removed any. */
        boolean consumeDelivered() {
            return consumeTo(tracker.delivered(consumed));
        }

        private boolean consumeTo(long to) {
            long before = consumed;
            while (consumed < to && !failed) {
                long n;
                try {
                    n = posix.splice(readFd, devNull, to - consumed);
                } catch (PosixException e) {
                    failed = true;
                    log.warn("consuming {} output of worker '{}' from {} failed; it is no longer collected: {}",
                            stream.label(), worker, fifo, e.getMessage());
                    break;
                }
                if (n <= 0) {
                    // Another reader of the FIFO (the worker holds it O_RDWR) took bytes.
                    log.warn("the {} FIFO of worker '{}' ({}) held fewer bytes than this collector read: another process"
                            + " reads it, so lines may repeat or be lost", stream.label(), worker, fifo);
                    consumed = to;
                    break;
                }
                consumed += n;
            }
            return consumed > before;
        }

        @Override
        public void close() {
            if (Thread.currentThread() == loop) {
                closeOnLoop();
                return;
            }
            await(closeAsync(), "closing the " + stream.label() + " attachment of worker '" + worker + "'");
        }

        CompletableFuture<Void> closeAsync() {
            post(this::closeOnLoop);
            return closed0;
        }

        private void closeOnLoop() {
            if (closed) {
                return;
            }
            closed = true;
            if (tracker == null) {
                try {
                    // We hold a write end, so an empty pipe reads EAGAIN (0), never EOF. Bounded:
                    // a worker that outruns the reader must not keep the loop here.
                    for (int reads = 0; reads < MAX_CLOSE_READS && readOnce() > 0; reads++) {
                        // drain
                    }
                    receiver.onClose(pid);
                } catch (RuntimeException e) {
                    log.error("flushing the {} output of worker '{}' failed", stream.label(), worker, e);
                } finally {
                    release();
                }
                return;
            }
            lingering.remove(this);
            closeDeadline = System.nanoTime() + CLOSE_ACK_WAIT_NANOS;
            try {
                setArmed(false);
            } catch (RuntimeException e) {
                log.debug("epoll modify of {} failed: {}", readFd, e.toString());
            }
            waiting.add(this);
            closeStep();
        }

        /**
         * Drains the FIFO (while the window lets it), flushes the partial last line, then waits for
         * the outputs to write it all, up to the deadline: what they have not written by then stays
         * in the FIFO for the next reader.
         */
        void closeStep() {
            boolean late = System.nanoTime() - closeDeadline >= 0;
            try {
                if (!tailFlushed) {
                    int reads = 0;
                    while (reads < MAX_CLOSE_READS && readOnce() > 0) {
                        consumeDelivered();
                        reads++;
                    }
                    consumeDelivered();
                    if ((reads == MAX_CLOSE_READS || peeked - consumed >= scratchBytes) && !failed && !late) {
                        return;   // more to read, or the window is full: next step, until the deadline
                    }
                    tailFlushed = true;
                    receiver.onClose(pid);
                }
                consumeDelivered();
                if (!tracker.idle() && !failed && !late) {
                    return;
                }
            } catch (RuntimeException e) {
                log.error("flushing the {} output of worker '{}' failed", stream.label(), worker, e);
            }
            if (!tracker.idle()) {
                log.warn("closing the {} output of worker '{}': {} bytes not yet written by its outputs stay in {}",
                        stream.label(), worker, peeked - consumed, fifo);
            }
            release();
        }

        private void release() {
            waiting.remove(this);
            lingering.remove(this);
            byFd.remove(readFd);
            try {
                epoll.remove(readFd);
            } catch (RuntimeException e) {
                log.debug("epoll remove of {} failed: {}", readFd, e.toString());
            }
            closeQuietly(writeFd);
            closeQuietly(readFd);
            closed0.complete(null);
        }
    }
}
