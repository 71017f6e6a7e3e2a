package io.hsu.logs.internal;

import io.hsu.core.Scheduler;
import io.hsu.core.internal.SerialExecutor;
import io.hsu.logs.FileFollower;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Like tail -F: the file is polled every interval. A file that exists when following starts is read
 * from its end (history is not re-collected); a file that appears later, or replaces the followed
 * one (rotation: a different inode at the path), is read from its start after the old one has been
 * read to its end; a file shorter than the position read so far was truncated and is read again
 * from its start. A missing file is waited for. Polls run one at a time on a serial executor.
 */
/** Follows one file of an unmanaged worker. Thread-safe. */
public final class FileFollowerImpl implements FileFollower {
    private static final Logger log = LoggerFactory.getLogger(FileFollowerImpl.class);

    private final Path path;
    private final BlockingInput input;
    private final Scheduler scheduler;
    private final Duration interval;
    private final Executor serial;
    private final Consumer<FileFollowerImpl> onClose;
    private final AtomicLong bytesRead = new AtomicLong();
    private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
    private FileChannel channel;
    private Object fileKey;
    private long position;
    private boolean first = true;
    private boolean warned;
    private volatile boolean closed;
    private volatile Scheduler.Cancellable task = Scheduler.Cancellable.NONE;

    FileFollowerImpl(Path path, BlockingInput input, Scheduler scheduler, Duration interval, Executor executor,
                     Consumer<FileFollowerImpl> onClose) {
        this.path = Objects.requireNonNull(path);
        this.input = input;
        this.scheduler = scheduler;
        this.interval = interval;
        this.serial = new SerialExecutor("log-follow " + path, executor);
        this.onClose = onClose;
    }

    void start() {
        poll();   // on the caller's thread, so "from the end" means the end when following started
        task = scheduler.scheduleWithFixedDelay(() -> serial.execute(this::poll), interval, interval);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public long bytesRead() {
        return bytesRead.get();
    }

    /** One look at the file: reopen on rotation, rewind on truncation, read what was appended. */
    synchronized void poll() {
        if (closed) {
            return;
        }
        try {
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                attrs = null;
            }
            if (channel != null) {
                boolean replaced = attrs == null || !Objects.equals(attrs.fileKey(), fileKey);
                if (replaced) {
                    readToEnd();           // the rotated file may have got its last lines
                    input.flush();
                    closeChannel();
                    if (attrs == null) {
                        return;
                    }
                } else if (attrs.size() < position) {
                    log.info("{} was truncated; reading it from the start", path);
                    input.flush();
                    position = 0;
                    channel.position(0);
                }
            }
            if (channel == null) {
                if (attrs == null) {
                    first = false;         // it appears later: read it whole
                    return;
                }
                channel = FileChannel.open(path, StandardOpenOption.READ);
                fileKey = attrs.fileKey();
                position = first ? channel.size() : 0;
                channel.position(position);
                first = false;
            }
            readToEnd();
            warned = false;
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                log.warn("following {} failed, retrying: {}", path, e.toString());
            }
            closeChannel();
        }
    }

    private void readToEnd() throws IOException {
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n <= 0) {
                return;
            }
            position += n;
            bytesRead.addAndGet(n);
            input.write(buffer.array(), 0, n);
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing {} failed: {}", path, e.toString());
            }
            channel = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        task.cancel();
        synchronized (this) {
            if (channel != null) {
                try {
                    readToEnd();
                } catch (IOException e) {
                    log.debug("last read of {} failed: {}", path, e.toString());
                }
            }
            closed = true;
            input.flush();
            closeChannel();
        }
        onClose.accept(this);
    }
}
