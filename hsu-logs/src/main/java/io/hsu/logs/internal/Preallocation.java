package io.hsu.logs.internal;

import io.hsu.core.posix.Posix;
import io.hsu.core.posix.PosixException;
import io.hsu.core.posix.PosixUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reserves a log file's disk blocks a few MiB ahead of its writes and frees what was not written
 * when the file is closed. On ext4 a buffered write into reserved blocks skips the delayed
 * allocation's per-block bookkeeping, a quarter of the kernel's cost of writing a log file (as
 * journald does for its journal files). Linux only, through a second descriptor of the file
 * ({@link Posix#preallocate}); elsewhere, for a file that is not regular, or once the file system
 * says no, it does nothing.
 *
 * <p>Not thread-safe: used under its sink's lock. Whoever opens one closes it with {@link #release}.
 */
final class Preallocation {
    private static final Logger log = LoggerFactory.getLogger(Preallocation.class);
    /** Reserved ahead per step: about 30 reservations for a 50 MB file, and at most this much past the end at a crash. */
    static final long STEP = 8L << 20;
    static final Preallocation NONE = new Preallocation(null, -1, Long.MAX_VALUE);

    private final Posix posix;
    private final int fd;
    private long reservedTo;
    private boolean enabled;

    private Preallocation(Posix posix, int fd, long reservedTo) {
        this.posix = posix;
        this.fd = fd;
        this.reservedTo = reservedTo;
        this.enabled = posix != null;
    }

    /** For the regular file {@code path}, now {@code size} bytes long; {@link #NONE} where it cannot work. */
    static Preallocation open(Path path, long size) {
        if (!Files.isRegularFile(path)) {
            return NONE;
        }
        try {
            Posix posix = Posix.get();
            return new Preallocation(posix, posix.open(path, Posix.O_WRONLY | Posix.O_CLOEXEC), size);
        } catch (PosixUnavailableException | PosixException e) {
            log.debug("no block reservation for {}: {}", path, e.toString());
            return NONE;
        }
    }

    /** Before a write that ends at {@code writeEnd}: reserves the next step, never past {@code limit}. */
    void ahead(long writeEnd, long limit) {
        if (!enabled || writeEnd <= reservedTo) {
            return;
        }
        long to = Math.min(limit, Math.max(writeEnd, reservedTo + STEP));
        if (to <= reservedTo) {
            return;
        }
        try {
            enabled = posix.preallocate(fd, reservedTo, to - reservedTo);
        } catch (PosixException e) {
            log.debug("block reservation stopped: {}", e.toString());
            enabled = false;
        }
        if (enabled) {
            reservedTo = to;
        }
    }

    /**
     * Frees the blocks reserved past the end of the file and closes the descriptor. {@code size} is
     * the file's size as this writer knows it and {@code actualSize} the file system's: when they
     * differ someone else wrote to the file, and it is left alone.
     */
    void release(long size, long actualSize) {
        if (posix == null) {
            return;
        }
        try {
            if (reservedTo > size && size == actualSize) {
                posix.truncate(fd, size);
            }
        } catch (PosixException e) {
            log.debug("freeing the blocks reserved past {} failed: {}", size, e.toString());
        } finally {
            try {
                posix.close(fd);
            } catch (PosixException e) {
                log.debug("closing the reservation descriptor failed: {}", e.toString());
            }
        }
    }

    /** The offset up to which blocks are reserved (for tests). */
    long reservedTo() {
        return reservedTo;
    }
}
