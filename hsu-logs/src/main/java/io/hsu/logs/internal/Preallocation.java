package io.hsu.logs.internal;

import io.hsu.core.posix.Posix;
import io.hsu.core.posix.PosixException;
import io.hsu.core.posix.PosixUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reserves a busy log file's disk blocks a few MiB ahead of its writes and frees what was not
 * written when the file is closed. On ext4 a buffered write into reserved blocks skips the delayed
 * allocation's per-block bookkeeping, a quarter of the kernel's cost of writing a log file (as
 * journald does for its journal files).
 *
 * <p>Linux only: the file is opened here first ({@link #open}) and the sink's channel opens the
 * same file through {@code /proc/self/fd} ({@link #channelPath}), so a rename by an external
 * logrotate between the two opens cannot make them different files. Nothing is reserved until the
 * file has grown by {@link #START} since it was opened, so a quiet worker's file never holds
 * reserved space; reserving stops for good once the file's size is not what this writer wrote
 * (someone else writes to it, or truncated it). Elsewhere, for a file that is not regular, or once
 * the file system says no, it does nothing.
 *
 * <p>Not thread-safe: used under its sink's lock. Whoever opens one ends it with {@link #release}
 * or {@link #close}.
 */
final class Preallocation {
    private static final Logger log = LoggerFactory.getLogger(Preallocation.class);
    /** Reserved per step: about six reservations for a 50 MB file, at most this much past the end at a crash. */
    static final long STEP = 8L << 20;
    /** Growth since the file was opened before anything is reserved: quiet files never reserve. */
    static final long START = 1L << 20;
    static final Preallocation NONE = new Preallocation(null, -1);

    private final Posix posix;
    private final int fd;
    private long openedSize;
    private long reservedTo;
    private boolean enabled;

    private Preallocation(Posix posix, int fd) {
        this.posix = posix;
        this.fd = fd;
        this.enabled = posix != null;
    }

    /**
     * Opens (creating) {@code path} for appending, when it is or will be a regular file; {@link #NONE}
     * where that cannot work. The sink then opens {@link #channelPath} and calls {@link #start}.
     */
    static Preallocation open(Path path) {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            return NONE;   // a device or a FIFO (O_NONBLOCK below also keeps a FIFO from blocking)
        }
        try {
            Posix posix = Posix.get();
            int fd = posix.open(path, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_APPEND | Posix.O_CLOEXEC | Posix.O_NONBLOCK,
                    0666);
            Preallocation p = new Preallocation(posix, fd);
            if (!Files.isRegularFile(p.channelPath(path))) {
                p.close();
                return NONE;
            }
            return p;
        } catch (PosixUnavailableException | PosixException e) {
            log.debug("no block reservation for {}: {}", path, e.toString());
            return NONE;
        }
    }

    /** What the sink opens: this descriptor's file through /proc, or {@code path} itself. */
    Path channelPath(Path path) {
        return fd < 0 ? path : procPath();
    }

    /** The file is now {@code size} bytes long, as the sink found it when it opened it. */
    void start(long size) {
        openedSize = size;
        reservedTo = size;
    }

    /**
     * Before the sink writes {@code length} bytes at the end of its {@code size}-byte file: once
     * the file has grown by {@link #START} since it was opened, reserves up to a step past the write's end
     * whenever the write passes the reservation (one {@code fallocate} per step written), never
     * past {@code limit}.
     */
    void ahead(long size, long length, long limit) {
        long writeEnd = size + length;
        if (!enabled || writeEnd <= reservedTo || writeEnd - openedSize < START) {
            return;
        }
        long to = Math.min(limit, writeEnd + STEP);
        if (to <= reservedTo) {
            return;   // at the limit: a line longer than max_size
        }
        try {
            if (actualSize() != size) {
                log.debug("{} is not the size this writer made it; no more block reservation", procPath());
                enabled = false;
                return;
            }
            enabled = posix.preallocate(fd, reservedTo, to - reservedTo);
        } catch (PosixException | IOException e) {
            log.debug("block reservation stopped: {}", e.toString());
            enabled = false;
        }
        if (enabled) {
            reservedTo = to;
        }
    }

    /**
     * Frees the blocks reserved past the end of the file, if it is {@code size} bytes long as this
     * writer knows it (else someone else wrote to it, and it is left alone), and closes.
     */
    void release(long size) {
        if (posix == null) {
            return;
        }
        try {
            if (reservedTo > size && actualSize() == size) {
                posix.truncate(fd, size);
            }
        } catch (PosixException | IOException e) {
            log.debug("freeing the blocks reserved past {} failed: {}", size, e.toString());
        } finally {
            close();
        }
    }

    /** Closes the descriptor without freeing anything. */
    void close() {
        if (posix == null) {
            return;
        }
        try {
            posix.close(fd);
        } catch (PosixException e) {
            log.debug("closing the reservation descriptor failed: {}", e.toString());
        }
    }

    private long actualSize() throws IOException {
        return Files.size(procPath());
    }

    private Path procPath() {
        return Path.of("/proc/self/fd/" + fd);
    }

    /** The offset up to which blocks are reserved (for tests). */
    long reservedTo() {
        return reservedTo;
    }
}
