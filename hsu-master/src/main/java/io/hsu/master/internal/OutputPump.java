package io.hsu.master.internal;

import io.hsu.core.internal.Threads;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.PosixException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one FIFO (or pipe) file descriptor until end of file and hands out whole lines. A line is
 * handed out as soon as its newline is read, so a master killed with SIGKILL loses at most a
 * partial line it had read; everything else stays in the pipe for the next master.
 *
 * <p>Lifecycle: {@link #start} runs the reader on its own daemon thread (a blocking read; platform
 * threads, since a native read would pin a virtual thread's carrier); the thread closes the
 * descriptor at end of file. {@link #awaitEnd} waits for that.
 */
final class OutputPump {
    private static final Logger log = LoggerFactory.getLogger(OutputPump.class);
    private static final ThreadFactory THREADS = Threads.daemonFactory("hsu-output");

    private final int fd;
    private final Consumer<String> lines;
    private final String name;
    private final CountDownLatch ended = new CountDownLatch(1);

    OutputPump(int fd, String name, Consumer<String> lines) {
        this.fd = fd;
        this.name = name;
        this.lines = lines;
    }

    OutputPump start() {
        THREADS.newThread(this::run).start();
        return this;
    }

    private void run() {
        Posix posix = Posix.get();
        byte[] buffer = new byte[64 * 1024];
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        try {
            posix.setNonBlocking(fd, false);
            while (true) {
                int n = posix.read(fd, buffer, 0, buffer.length);
                if (n < 0) {
                    break; // end of file: every writer closed
                }
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        partial.write(buffer, start, i - start);
                        emit(partial);
                        start = i + 1;
                    }
                }
                partial.write(buffer, start, n - start);
            }
            if (partial.size() > 0) {
                emit(partial);
            }
        } catch (PosixException e) {
            log.warn("reading {} failed: {}", name, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("reading {} failed", name, e);
        } finally {
            try {
                posix.close(fd);
            } catch (RuntimeException e) {
                // already closed
            }
            ended.countDown();
        }
    }

    private void emit(ByteArrayOutputStream partial) {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        try {
            lines.accept(line);
        } catch (RuntimeException e) {
            log.warn("output target of {} failed", name, e);
        }
    }

    /** Waits up to {@code millis} for end of file; true if it came. */
    boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
