package io.hsu.logs.internal;

import io.hsu.core.WorkerId;
import io.hsu.core.internal.Checks;
import io.hsu.core.internal.Threads;
import io.hsu.core.posix.Epoll;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.PosixException;
import io.hsu.logs.LogStream;
import io.hsu.logs.OutputAttachment;
import io.hsu.logs.OutputCollector;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Concurrency: one loop thread owns the epoll wait, the read buffer, every receiver and every
 * epoll_ctl MODIFY/DEL and close of an attached descriptor, so a descriptor number is never closed
 * while the loop may still act on it. Other threads add attachments (open + EPOLL_CTL_ADD, after
 * the map entry is published) and post tasks (resume, close), then wake the loop.
 *
 * Lifecycle: the loop starts with the collector and ends at close(), which first closes (drains)
 * every attachment on the loop.
 *
 * Failure handling: a failing read (EBADF, EIO) ends that attachment only, logged once; a receiver
 * that throws is logged and the loop goes on.
 */
/** The epoll loop behind {@link OutputCollector}: see the class comment for the FIFO design. */
public final class EpollOutputCollector implements OutputCollector {
    private static final Logger log = LoggerFactory.getLogger(EpollOutputCollector.class);
    static final int READ_BUFFER_BYTES = 256 * 1024;   // below G1's humongous size for a 1 MB region
    private static final int PIPE_BYTES = 1 << 20;
    /** Reads per readiness report before the loop serves the next descriptor (fairness). */
    private static final int READS_PER_TURN = 4;

    private final ReceiverFactory receivers;
    private final Posix posix = Posix.get();
    private final Epoll epoll = Epoll.open(256);
    private final Map<Integer, Attachment> byFd = new ConcurrentHashMap<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final Thread loop;
    private final Object lifecycle = new Object();
    private volatile boolean closing;

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
        for (Attachment a : byFd.values()) {
            a.close();
        }
        epoll.wakeup();
        if (Thread.currentThread() != loop) {
            try {
                loop.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void post(Runnable task) {
        tasks.add(task);
        epoll.wakeup();
    }

    private void run() {
        try {
            while (!(closing && byFd.isEmpty())) {
                int n = epoll.await(closing ? 100 : -1);
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    runGuarded(task);
                }
                for (int i = 0; i < n; i++) {
                    Attachment a = byFd.get(epoll.readyFd(i));
                    if (a != null && !a.closed) {
                        a.readTurn(READS_PER_TURN);
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
        }
    }

    private static void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("output collector task failed", e);
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
        volatile long pid;
        volatile boolean closed;
        boolean armed = true;
        boolean failed;

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

        /** Reads up to {@code turns} buffers, then stops reading while the receiver is paused. */
        void readTurn(int turns) {
            for (int i = 0; i < turns && !receiver.paused(); i++) {
                if (readOnce(false) <= 0) {
                    break;
                }
            }
            if (receiver.paused() && armed) {
                epoll.modify(readFd, 0);
                armed = false;
            }
        }

        void resumeIfReady() {
            if (!closed && !armed && !receiver.paused()) {
                epoll.modify(readFd, Epoll.IN);
                armed = true;
            }
        }

        /** One read into the loop's buffer, handed to the receiver. Returns bytes read, 0 when empty, -1 on failure. */
        int readOnce(boolean closing) {
            if (failed) {
                return -1;
            }
            buffer.clear();
            int n;
            try {
                n = posix.read(readFd, buffer);
            } catch (PosixException e) {
                failed = true;
                log.warn("reading {} output of worker '{}' from {} failed; it is no longer collected: {}",
                        stream.label(), worker, fifo, e.getMessage());
                return -1;
            }
            if (n > 0) {
                bytesRead.addAndGet(n);
                buffer.flip();
                try {
                    receiver.onData(buffer, pid);
                } catch (RuntimeException e) {
                    log.error("log pipeline of worker '{}' failed on {} bytes of {}", worker, n, stream.label(), e);
                }
            }
            return n;
        }

        @Override
        public void close() {
            if (Thread.currentThread() == loop) {
                closeOnLoop();
                return;
            }
            post(this::closeOnLoop);
            try {
                closed0.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("closing the {} attachment of worker '{}' did not finish: {}", stream.label(), worker, e.toString());
            }
        }

        private void closeOnLoop() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                // We hold a write end, so an empty pipe reads EAGAIN (0), never EOF.
                while (readOnce(true) > 0) {
                    // drain
                }
                receiver.onClose(pid);
            } catch (RuntimeException e) {
                log.error("flushing the {} output of worker '{}' failed", stream.label(), worker, e);
            } finally {
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

        private void closeQuietly(int fd) {
            try {
                posix.close(fd);
            } catch (RuntimeException e) {
                log.debug("close({}) failed: {}", fd, e.toString());
            }
        }
    }
}
