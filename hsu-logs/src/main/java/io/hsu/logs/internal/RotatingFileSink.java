package io.hsu.logs.internal;

import io.hsu.core.Scheduler;
import io.hsu.logs.RotationConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Rotation: before a write would take the file past max_size, the file is renamed to
 * NAME.yyyyMMdd'T'HHmmss.SSS-NNN (UTC; the name sorts by age), a new NAME is opened and, with
 * compress, the rotated file is gzipped on the compression executor (written to .gz.tmp, then
 * renamed, then the plain file removed), so the writer never waits for gzip. Rotated names never
 * change again except by compression, so rotation and compression never race on a rename. A batch
 * is cut at line boundaries so no file passes max_size unless one line is longer than it. Retention
 * keeps the newest max_files rotated files. A {date} in the template starts a new file each UTC day.
 * On Linux the file's blocks are reserved a few MiB ahead of the writes ({@link Preallocation}),
 * and what was not written is freed when the file is closed or rotated.
 */
/** A rotating file for one output and one expanded path. Used by one writer; {@link #reopen} may come from any thread. */
final class RotatingFileSink implements Sink {
    private static final Logger log = LoggerFactory.getLogger(RotatingFileSink.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    static final Pattern ROTATED_SUFFIX = Pattern.compile("\\.\\d{8}T\\d{6}\\.\\d{3}-\\d{3,}(\\.gz)?");

    private final String template;
    private final RotationConfig rotation;
    private final Formatter formatter;
    private final Scheduler scheduler;
    private final Executor compression;
    private final ReentrantLock lock = new ReentrantLock();
    private final int[] length = new int[1];
    private FileChannel channel;
    private Preallocation blocks = Preallocation.NONE;
    private Path path;
    private String day;
    private long size;
    private long openedNanos;
    private int rotations;

    /** @param template an absolute path that may still hold {@code {date}} */
    RotatingFileSink(String template, RotationConfig rotation, Formatter formatter, Scheduler scheduler, Executor compression) {
        this.template = template;
        this.rotation = rotation;
        this.formatter = formatter;
        this.scheduler = scheduler;
        this.compression = compression;
    }

    /** The file written now (the template with today's date). */
    Path currentPath() {
        return Path.of(template.replace("{date}", DAY.format(scheduler.now())));
    }

    @Override
    public void write(LogBatch batch) throws IOException {
        byte[] bytes = formatter.format(batch, length);
        lock.lock();
        try {
            ensureOpen();
            writeCutting(bytes, 0, length[0]);
        } finally {
            lock.unlock();
        }
    }

    private void writeCutting(byte[] a, int off, int len) throws IOException {
        while (len > 0) {
            if (template.contains("{date}") && !DAY.format(scheduler.now()).equals(day)) {
                closeChannel();
                open();   // a new day, a new file; yesterday's keeps its name
            }
            if (dueByAge()) {
                rotate();
            }
            long room = rotation.maxSize() - size;
            if (len <= room) {
                writeFully(a, off, len);
                return;
            }
            int cut = -1;
            for (int i = off + (int) Math.max(0, Math.min(room, len)) - 1; i >= off; i--) {
                if (a[i] == '\n') {
                    cut = i + 1;
                    break;
                }
            }
            if (cut < 0) {
                if (size > 0) {
                    rotate();
                    continue;
                }
                int nl = off;
                while (nl < off + len && a[nl] != '\n') {
                    nl++;
                }
                cut = Math.min(nl + 1, off + len);   // one line longer than max_size: a file of its own
            }
            writeFully(a, off, cut - off);
            len -= cut - off;
            off = cut;
            if (len > 0) {
                rotate();
            }
        }
    }

    private boolean dueByAge() {
        return size > 0 && !rotation.maxAge().isZero() && scheduler.nanoTime() - openedNanos >= rotation.maxAge().toNanos();
    }

    private void writeFully(byte[] a, int off, int len) throws IOException {
        blocks.ahead(size, len, rotation.maxSize());
        ByteBuffer buffer = ByteBuffer.wrap(a, off, len);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        size += len;
    }

    private void ensureOpen() throws IOException {
        if (channel == null) {
            open();
        }
    }

    private void open() throws IOException {
        day = DAY.format(scheduler.now());
        path = currentPath();
        Files.createDirectories(path.getParent());
        Preallocation reserving = Preallocation.open(path);
        try {
            channel = FileChannel.open(reserving.channelPath(path), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            reserving.close();
            throw e;
        }
        size = channel.size();
        reserving.start(size);
        blocks = reserving;
        openedNanos = scheduler.nanoTime();
    }

    private void rotate() throws IOException {
        Path current = path;
        closeChannel();
        if (current != null && Files.exists(current)) {
            Path rotated;
            do {
                rotated = current.resolveSibling(current.getFileName() + "." + STAMP.format(scheduler.now())
                        + String.format("-%06d", rotations++));
            } while (Files.exists(rotated) || Files.exists(Path.of(rotated + ".gz")));
            Files.move(current, rotated, StandardCopyOption.ATOMIC_MOVE);
            if (rotation.compress()) {
                Path toCompress = rotated;
                compression.execute(() -> compress(toCompress));
            }
            applyRetention(current);
        }
        open();
    }

    /** Deletes the oldest rotated files of {@code current} beyond max_files. */
    void applyRetention(Path current) throws IOException {
        List<Path> rotated = rotatedFiles(current);
        List<String> stems = new ArrayList<>();
        for (Path p : rotated) {
            String stem = p.getFileName().toString().replaceFirst("\\.gz$", "");
            if (!stems.contains(stem)) {
                stems.add(stem);
            }
        }
        int excess = stems.size() - rotation.maxFiles();
        for (int i = 0; i < excess; i++) {
            Files.deleteIfExists(current.resolveSibling(stems.get(i)));
            Files.deleteIfExists(current.resolveSibling(stems.get(i) + ".gz"));
        }
    }

    /** Rotated files of {@code current}, oldest first (plain and gzipped). */
    static List<Path> rotatedFiles(Path current) throws IOException {
        String base = current.getFileName().toString();
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(current.getParent())) {
            return out;
        }
        try (Stream<Path> s = Files.list(current.getParent())) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(base + ".") && ROTATED_SUFFIX.matcher(n.substring(base.length())).matches();
            }).sorted().forEach(out::add);
        }
        return out;
    }

    static void compress(Path file) {
        Path tmp = Path.of(file + ".gz.tmp");
        Path gz = Path.of(file + ".gz");
        try (InputStream in = Files.newInputStream(file);
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
            in.transferTo(out);
        } catch (NoSuchFileException e) {
            deleteQuietly(tmp);   // retention removed it first
            return;
        } catch (IOException e) {
            log.warn("compressing rotated log {} failed; it stays uncompressed: {}", file, e.toString());
            deleteQuietly(tmp);
            return;
        }
        try {
            Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE);
            if (!Files.deleteIfExists(file)) {
                Files.deleteIfExists(gz);   // retention removed the file while it was being compressed
            }
        } catch (IOException e) {
            log.warn("finishing the compression of {} failed: {}", file, e.toString());
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", p, e.toString());
        }
    }

    @Override
    public void reopen() throws IOException {
        lock.lock();
        try {
            closeChannel();
            open();
        } finally {
            lock.unlock();
        }
    }

    private void closeChannel() {
        if (channel != null) {
            blocks.release(size);
            blocks = Preallocation.NONE;
            try {
                channel.close();
            } catch (IOException e) {
                log.warn("closing {} failed: {}", path, e.toString());
            }
            channel = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeChannel();
        } finally {
            lock.unlock();
        }
    }
}
