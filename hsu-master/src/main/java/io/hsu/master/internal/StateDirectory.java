package io.hsu.master.internal;

import io.hsu.core.ErrorKind;
import io.hsu.core.WorkerId;
import io.hsu.master.MasterException;
import io.hsu.master.StateDirectoryLockedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The master's state directory: the lock that makes one master per directory, the integrated
 * workers' port files and the state file (workers stopped on request). hsu-processcontrol keeps
 * its PID files and FIFOs here too.
 *
 * <p>Lifecycle: {@link #lock} creates the directory and takes the lock (a {@code FileChannel} lock
 * on {@code master.lock}, which the kernel releases when the process dies, even by SIGKILL; the
 * file holds the holder's pid for the message of the next master). {@link #close} releases it.
 * Thread-safe.
 */
public final class StateDirectory implements AutoCloseable {
    static final String LOCK_FILE = "master.lock";
    static final String STATE_FILE = "state";

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ReentrantLock stateLock = new ReentrantLock();
    /** Guarded by stateLock. */
    private final Set<String> stoppedOnRequest = new TreeSet<>();

    private StateDirectory(Path directory, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * The default directory: {@code $XDG_RUNTIME_DIR/hsu}, or {@code /run/hsu} as root, or
     * {@code /tmp/hsu-<user>} when neither applies.
     */
    public static Path defaultDirectory(Map<String, String> environment, boolean root) {
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return Path.of(runtime, "hsu");
        }
        if (root) {
            return Path.of("/run/hsu");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "hsu-" + System.getProperty("user.name", "user"));
    }

    /**
     * Creates the directory if needed and takes its lock.
     *
     * @throws StateDirectoryLockedException if another master holds it
     * @throws MasterException of kind IO if it cannot be created or locked
     */
    public static StateDirectory lock(Path directory, long ownPid) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException | UnsupportedOperationException e) {
                // not ours to change (an existing shared directory); the lock still protects it
            }
        } catch (IOException e) {
            throw new MasterException(ErrorKind.IO, "cannot create the state directory " + dir + ": " + e.getMessage(), e);
        }
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by this JVM
            }
            if (lock == null) {
                long holder = readPid(channel);
                channel.close();
                throw new StateDirectoryLockedException(dir, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ownPid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            StateDirectory state = new StateDirectory(dir, channel, lock);
            state.loadState();
            return state;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new MasterException(ErrorKind.IO, "cannot lock the state directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long readPid(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The directory. */
    public Path path() {
        return directory;
    }

    /** {@code <dir>/<id>.port} for integrated workers. */
    public Path portFile(WorkerId id) {
        return directory.resolve(fileName(id) + ".port");
    }

    private static String fileName(WorkerId id) {
        return id.value().replace('#', '.');
    }

    /** Whether {@code id} was stopped on request (remembered across master restarts). */
    public boolean wasStoppedOnRequest(WorkerId id) {
        stateLock.lock();
        try {
            return stoppedOnRequest.contains(id.value());
        } finally {
            stateLock.unlock();
        }
    }

    /** Records whether {@code id} is stopped on request, writing the state file atomically when it changes. */
    public void setStoppedOnRequest(WorkerId id, boolean stopped) {
        stateLock.lock();
        try {
            boolean changed = stopped ? stoppedOnRequest.add(id.value()) : stoppedOnRequest.remove(id.value());
            if (changed) {
                StringBuilder text = new StringBuilder("# hsu master state; written atomically, do not edit while a master runs\n");
                for (String worker : stoppedOnRequest) {
                    text.append("stopped ").append(worker).append('\n');
                }
                writeAtomically(directory.resolve(STATE_FILE), text.toString());
            }
        } finally {
            stateLock.unlock();
        }
    }

    private void loadState() throws IOException {
        Path file = directory.resolve(STATE_FILE);
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        stateLock.lock();
        try {
            for (String line : lines) {
                if (line.startsWith("stopped ")) {
                    stoppedOnRequest.add(line.substring("stopped ".length()).strip());
                }
            }
        } finally {
            stateLock.unlock();
        }
    }

    /**
     * Writes {@code text} to a temporary file in the same directory, forces it to disk and renames
     * it over {@code target}, so readers see the old or the new content, never a mix.
     *
     * @throws MasterException of kind IO on failure
     */
    public static void writeAtomically(Path target, String text) {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        } catch (IOException e) {
            throw new MasterException(ErrorKind.IO, "cannot write " + temp + ": " + e.getMessage(), e);
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MasterException(ErrorKind.IO, "cannot rename " + temp + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Reads a small text file, or empty when it does not exist or cannot be read. */
    public static Optional<String> readIfExists(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Releases the lock; the next master may take the directory. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // the channel close below releases it too
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }
}
