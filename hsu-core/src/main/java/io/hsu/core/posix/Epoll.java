package io.hsu.core.posix;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.hsu.core.ErrorKind;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An epoll instance: watch many descriptors (pipes, FIFOs, pidfds) from one thread. {@link #await}
 * fills a result buffer allocated once, so a loop does not allocate per call:
 *
 * <pre>{@code
 * try (Epoll epoll = Epoll.open(64)) {
 *     epoll.add(fifoFd, Epoll.IN | Epoll.RDHUP);
 *     while (running) {
 *         int n = epoll.await(1000);
 *         for (int i = 0; i < n; i++) handle(epoll.readyFd(i), epoll.readyEvents(i));
 *     }
 * }
 * }</pre>
 *
 * <p>Thread safety: {@link #await} and the {@code ready*} accessors belong to one thread (the loop);
 * {@link #add}, {@link #modify}, {@link #remove} and {@link #wakeup} may be called from any thread.
 * The loop thread closes the instance, or another thread does after the loop has stopped; a
 * {@link Cleaner} closes the descriptors of an instance that was dropped unclosed.
 */
public final class Epoll implements AutoCloseable {
    /** Readable (or a pidfd's process has exited). */
    public static final int IN = 0x001;
    /** Urgent data. */
    public static final int PRI = 0x002;
    /** Writable. */
    public static final int OUT = 0x004;
    /** An error; always reported, no need to ask for it. */
    public static final int ERR = 0x008;
    /** Hang-up, for a pipe: every writer closed it; always reported. */
    public static final int HUP = 0x010;
    /** The peer shut down its writing half (sockets). */
    public static final int RDHUP = 0x2000;
    /** Report once, then disarm until {@link #modify}. */
    public static final int ONESHOT = 1 << 30;
    /** Edge-triggered: report changes only, so drain the descriptor until EAGAIN. */
    public static final int ET = 1 << 31;

    private static final int EPOLL_CLOEXEC = 02000000;
    private static final int EFD_NONBLOCK = 04000;
    private static final int EFD_CLOEXEC = 02000000;
    private static final int CTL_ADD = 1;
    private static final int CTL_DEL = 2;
    private static final int CTL_MOD = 3;
    private static final Cleaner CLEANER = Cleaner.create();

    private final int epfd;
    private final int wakeFd;
    private final int maxEvents;
    private final boolean packed;      // x86_64: struct epoll_event is 12 bytes, data at offset 4
    private final int eventSize;
    private final Memory events;       // used only by the loop thread
    private final Memory wakeBuffer;   // 8 bytes to drain the eventfd counter; loop thread only
    private final Memory wakeValue;    // the constant 1 that wakeup() writes; never changes
    private final int[] readyFds;
    private final int[] readyEvents;
    private int readyCount;
    private boolean wokenUp;
    // Read-held around every use of the descriptors from other threads, write-held by close(), so no
    // thread writes to or controls a descriptor number that close() has released and the kernel reused.
    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();
    private volatile boolean closed;   // written under the write lock
    private final Cleaner.Cleanable cleanable;

    private Epoll(int epfd, int wakeFd, int maxEvents, boolean packed) {
        this.epfd = epfd;
        this.wakeFd = wakeFd;
        this.maxEvents = maxEvents;
        this.packed = packed;
        this.eventSize = packed ? 12 : 16;
        this.events = new Memory((long) eventSize * maxEvents);
        this.wakeBuffer = new Memory(8);
        this.wakeValue = new Memory(8);
        this.wakeValue.setLong(0, 1);
        this.readyFds = new int[maxEvents];
        this.readyEvents = new int[maxEvents];
        this.cleanable = CLEANER.register(this, new CloseFds(epfd, wakeFd));
    }

    /**
     * Creates an epoll instance (close-on-exec) with an eventfd for {@link #wakeup}.
     *
     * @param maxEventsPerWait how many ready descriptors one {@link #await} reports at most (more stay
     *     ready for the next call; a pending wakeup takes one of these slots)
     * @throws IllegalArgumentException if {@code maxEventsPerWait < 1}
     * @throws PosixUnavailableException off Linux
     * @throws PosixException of kind IO if the kernel refuses (EMFILE, ...)
     */
    public static Epoll open(int maxEventsPerWait) {
        if (maxEventsPerWait < 1) {
            throw new IllegalArgumentException("maxEventsPerWait must be >= 1, but was " + maxEventsPerWait);
        }
        Posix posix = Posix.get();
        int epfd = LibC.epoll_create1(EPOLL_CLOEXEC);
        if (epfd < 0) {
            throw new PosixException(ErrorKind.IO, "epoll_create1(EPOLL_CLOEXEC)", Native.getLastError());
        }
        int wakeFd = LibC.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (wakeFd < 0) {
            int errno = Native.getLastError();
            LibC.close(epfd);
            throw new PosixException(ErrorKind.IO, "eventfd(0, EFD_NONBLOCK|EFD_CLOEXEC)", errno);
        }
        Epoll epoll = new Epoll(epfd, wakeFd, maxEventsPerWait, posix.packedEpollEvent());
        try {
            epoll.control(CTL_ADD, wakeFd, IN, "EPOLL_CTL_ADD");
        } catch (RuntimeException e) {
            epoll.close();
            throw e;
        }
        return epoll;
    }

    /**
     * Starts watching {@code fd} for {@code events} ({@link #IN}, {@link #OUT}, {@link #ET}, ...;
     * {@link #ERR} and {@link #HUP} are always reported). The caller still owns {@code fd}; close it
     * only after {@link #remove} (the kernel forgets a closed descriptor on its own only when no
     * duplicate of it remains open).
     *
     * @throws PosixException of kind IO, for example EEXIST if it is already watched, EPERM for a regular file
     */
    public void add(int fd, int events) {
        control(CTL_ADD, fd, events, "EPOLL_CTL_ADD");
    }

    /**
     * Changes the events watched for {@code fd} (and re-arms a {@link #ONESHOT} descriptor).
     *
     * @throws PosixException of kind IO, for example ENOENT if it is not watched
     */
    public void modify(int fd, int events) {
        control(CTL_MOD, fd, events, "EPOLL_CTL_MOD");
    }

    /**
     * Stops watching {@code fd}.
     *
     * @throws PosixException of kind IO, for example ENOENT if it is not watched
     */
    public void remove(int fd) {
        control(CTL_DEL, fd, 0, "EPOLL_CTL_DEL");
    }

    private void control(int op, int fd, int eventMask, String opName) {
        // struct epoll_event as ints: x86_64 {events, data.fd, pad}; aarch64 {events, pad, data.fd, pad}
        int[] event = packed ? new int[] {eventMask, fd, 0} : new int[] {eventMask, 0, fd, 0};
        closeLock.readLock().lock();
        try {
            ensureOpen();
            if (LibC.epoll_ctl(epfd, op, fd, event) != 0) {
                throw new PosixException(ErrorKind.IO, "epoll_ctl(" + epfd + ", " + opName + ", " + fd + ", 0x"
                        + Integer.toHexString(eventMask) + ")", Native.getLastError());
            }
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /**
     * Waits until a watched descriptor is ready, {@link #wakeup} is called or the timeout passes.
     * Read the results with {@link #readyFd(int)} and {@link #readyEvents(int)} for indexes below the
     * returned count; they stay valid until the next call. May return 0 early when a signal
     * interrupts the wait.
     *
     * @param timeoutMillis -1 to wait without limit, 0 to poll
     * @return how many descriptors are ready (the wakeup descriptor is not counted)
     * @throws IllegalStateException if closed
     * @throws PosixException of kind IO if epoll_wait fails
     */
    public int await(int timeoutMillis) {
        ensureOpen();
        readyCount = 0;
        wokenUp = false;
        int n = LibC.epoll_wait(epfd, Pointer.nativeValue(events), maxEvents, timeoutMillis);
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == Errno.EINTR.number()) {
                return 0;
            }
            throw new PosixException(ErrorKind.IO, "epoll_wait(" + epfd + ")", errno);
        }
        int dataOffset = packed ? 4 : 8;
        for (int i = 0; i < n; i++) {
            long base = (long) i * eventSize;
            int fd = events.getInt(base + dataOffset);
            if (fd == wakeFd) {
                wokenUp = true;
                LibC.read(wakeFd, Pointer.nativeValue(wakeBuffer), 8);   // resets the counter; EAGAIN is harmless
            } else {
                readyFds[readyCount] = fd;
                readyEvents[readyCount] = events.getInt(base);
                readyCount++;
            }
        }
        return readyCount;
    }

    /** How many descriptors the last {@link #await} reported. */
    public int readyCount() {
        return readyCount;
    }

    /**
     * The descriptor of the {@code index}-th result of the last {@link #await}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not below {@link #readyCount()}
     */
    public int readyFd(int index) {
        return readyFds[Objects.checkIndex(index, readyCount)];
    }

    /**
     * The event mask ({@link #IN}, {@link #HUP}, ...) of the {@code index}-th result of the last {@link #await}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not below {@link #readyCount()}
     */
    public int readyEvents(int index) {
        return readyEvents[Objects.checkIndex(index, readyCount)];
    }

    /** Whether the last {@link #await} returned because {@link #wakeup} was called. */
    public boolean wasWokenUp() {
        return wokenUp;
    }

    /**
     * Makes the current or next {@link #await} return; calls before that wait merge into one. Safe
     * from any thread; does nothing once closed.
     */
    public void wakeup() {
        closeLock.readLock().lock();
        try {
            if (!closed) {
                LibC.write(wakeFd, Pointer.nativeValue(wakeValue), 8);   // EAGAIN (counter full) still wakes
            }
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /** Closes the epoll and wakeup descriptors; idempotent. Not while another thread is in {@link #await}. */
    @Override
    public void close() {
        closeLock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                cleanable.clean();
            }
        } finally {
            closeLock.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("epoll instance " + epfd + " is closed");
        }
    }

    /** Cleaner action; must not refer to the Epoll. */
    private static final class CloseFds implements Runnable {
        private final int epfd;
        private final int wakeFd;

        CloseFds(int epfd, int wakeFd) {
            this.epfd = epfd;
            this.wakeFd = wakeFd;
        }

        @Override
        public void run() {
            LibC.close(wakeFd);
            LibC.close(epfd);
        }
    }
}
