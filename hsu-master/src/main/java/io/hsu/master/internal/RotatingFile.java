package io.hsu.master.internal;

import io.hsu.master.config.LogOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log file that rotates by size and age: {@code app.log} becomes {@code app.log.1} (gzipped to
 * {@code app.log.1.gz} when asked), older ones shift up, and at most {@code max_files} are kept. A
 * write that fails (disk full) is counted and logged once per failure streak, never thrown: the
 * master must survive it.
 *
 * <p>Thread-safe (one lock around each write and rotation). The owner closes it.
 */
final class RotatingFile implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RotatingFile.class);

    private final Path path;
    private final LogOutput.Rotation rotation;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private OutputStream out; // guarded by lock
    private long size;        // guarded by lock
    private Instant openedAt; // guarded by lock
    private boolean failing;  // guarded by lock
    private long failedLines; // guarded by lock

    RotatingFile(Path path, LogOutput.Rotation rotation, Clock clock) {
        this.path = path;
        this.rotation = rotation;
        this.clock = clock;
    }

    Path path() {
        return path;
    }

    /** Appends one line (a newline is added). */
    void write(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            if (out == null) {
                open();
            }
            if (size > 0 && (size + bytes.length > rotation.maxSize().bytes()
                    || Duration.between(openedAt, clock.instant()).compareTo(rotation.maxAge()) >= 0)) {
                rotate();
            }
            out.write(bytes);
            out.flush();
            size += bytes.length;
            if (failing) {
                log.warn("log file {} is writable again; {} lines were lost", path, failedLines);
                failing = false;
                failedLines = 0;
            }
        } catch (IOException e) {
            failedLines++;
            if (!failing) {
                failing = true;
                log.warn("cannot write log file {}: {}; dropping lines until it works again", path, e.getMessage());
            }
            closeStream();
        } finally {
            lock.unlock();
        }
    }

    private void open() throws IOException {
        Path parent = path.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(path);
        openedAt = clock.instant();
    }

    private void rotate() throws IOException {
        closeStream();
        String suffix = rotation.compress() ? ".gz" : "";
        Files.deleteIfExists(numbered(rotation.maxFiles(), suffix));
        for (int i = rotation.maxFiles() - 1; i >= 1; i--) {
            Path from = numbered(i, suffix);
            if (Files.exists(from)) {
                Files.move(from, numbered(i + 1, suffix), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (rotation.compress()) {
            Path target = numbered(1, suffix);
            try (InputStream in = Files.newInputStream(path);
                 OutputStream gz = new GZIPOutputStream(Files.newOutputStream(target))) {
                in.transferTo(gz);
            }
            Files.delete(path);
        } else {
            Files.move(path, numbered(1, ""), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path numbered(int n, String suffix) {
        return path.resolveSibling(path.getFileName() + "." + n + suffix);
    }

    private void closeStream() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // already failing; the next write reopens
            }
            out = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeStream();
        } finally {
            lock.unlock();
        }
    }
}
