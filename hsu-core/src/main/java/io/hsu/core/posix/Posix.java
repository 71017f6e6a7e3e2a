package io.hsu.core.posix;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.hsu.core.ErrorKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The POSIX calls the JDK lacks, for Linux on x86_64 and aarch64, through JNA direct mapping:
 * signals to processes and process groups, the child subreaper flag, rlimits of other processes,
 * pidfds, {@code waitid} for reparented grandchildren, and the descriptor calls that FIFO-based log
 * capture needs. {@link Epoll} is the event loop; {@link ProcessIdentity} reads {@code /proc}.
 *
 * <p>Obtain it with {@link #get()}. Failed calls throw {@link PosixException}, whose message names
 * the call and the errno; "no such process" on a signal is a {@code false} result, not an error.
 * Calls interrupted by a signal ({@code EINTR}) are retried where that is safe.
 *
 * <p>JNA on JDK 22 and later prints a "restricted method" warning unless the JVM runs with
 * {@code --enable-native-access=ALL-UNNAMED}; applications using HSU should pass that flag.
 *
 * <p>Thread-safe: the instance has no mutable state. File descriptors returned by its methods are
 * owned by the caller, who closes them with {@link #close(int)}.
 */
public final class Posix {
    /** Open for reading only. */
    public static final int O_RDONLY = 0;
    /** Open for writing only. */
    public static final int O_WRONLY = 1;
    /** Open for reading and writing (for a FIFO: never blocks in open and never sees EOF). */
    public static final int O_RDWR = 2;
    /** Create the file if it does not exist (then pass a mode). */
    public static final int O_CREAT = 0100;
    /** With {@link #O_CREAT}: fail with EEXIST if the file exists. */
    public static final int O_EXCL = 0200;
    /** Truncate a regular file to length 0. */
    public static final int O_TRUNC = 01000;
    /** Every write appends. */
    public static final int O_APPEND = 02000;
    /** Non-blocking open, reads and writes. */
    public static final int O_NONBLOCK = 04000;
    /** Close the descriptor in children after exec. */
    public static final int O_CLOEXEC = 02000000;
    private static final int FALLOC_FL_KEEP_SIZE = 1;

    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int SPLICE_F_NONBLOCK = 2;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int F_GETPIPE_SZ = 1032;
    private static final int PR_SET_PDEATHSIG = 1;
    private static final int PR_GET_PDEATHSIG = 2;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int PR_GET_CHILD_SUBREAPER = 37;
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;   // the same on x86_64 and aarch64
    private static final long SYS_PIDFD_OPEN = 434;
    private static final int SC_CLK_TCK = 2;
    private static final int P_ALL = 0;
    private static final int P_PID = 1;
    private static final int WNOHANG = 1;
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;
    private static final int CLD_EXITED = 1;
    private static final int CLD_KILLED = 2;
    private static final int CLD_DUMPED = 3;
    private static final int SIGINFO_INTS = 128 / 4;
    private static final int SCRATCH_BYTES = 64 * 1024;

    private static final Object LOCK = new Object();
    private static volatile Posix instance;   // written once under LOCK
    private static PosixUnavailableException unavailable;   // guarded by LOCK

    private final boolean x86;
    private final ThreadLocal<Memory> scratch = ThreadLocal.withInitial(() -> new Memory(SCRATCH_BYTES));

    private Posix(boolean x86) {
        this.x86 = x86;
    }

    /**
     * The bindings for this JVM. The first call checks the platform and loads the C library.
     *
     * @throws PosixUnavailableException if this is not Linux on x86_64 or aarch64, or libc cannot
     *     be loaded (every call then throws the same message)
     */
    public static Posix get() {
        Posix p = instance;
        if (p != null) {
            return p;
        }
        synchronized (LOCK) {
            if (instance == null) {
                if (unavailable != null) {
                    throw new PosixUnavailableException(unavailable.getMessage(), unavailable.getCause());
                }
                try {
                    instance = load();
                } catch (PosixUnavailableException e) {
                    unavailable = e;
                    throw e;
                }
            }
            return instance;
        }
    }

    private static Posix load() {
        String os = System.getProperty("os.name", "unknown");
        String arch = System.getProperty("os.arch", "unknown");
        Optional<String> unsupported = unsupportedPlatform(os, arch);
        if (unsupported.isPresent()) {
            throw new PosixUnavailableException(unsupported.get(), null);
        }
        boolean x86 = isX86(arch);
        try {
            LibC.getpid();   // loads the class, which binds the native methods
        } catch (LinkageError e) {
            throw new PosixUnavailableException("cannot load the C library through JNA: " + e, e);
        }
        return new Posix(x86);
    }

    /** Why these bindings do not support {@code os.name} and {@code os.arch}, or empty if they do. */
    static Optional<String> unsupportedPlatform(String os, String arch) {
        if (os.equals("Linux") && (isX86(arch) || arch.toLowerCase(Locale.ROOT).equals("aarch64"))) {
            return Optional.empty();
        }
        return Optional.of("the POSIX bindings support Linux on x86_64 and aarch64, but this is " + os + " on " + arch);
    }

    private static boolean isX86(String arch) {
        String lower = arch.toLowerCase(Locale.ROOT);
        return lower.equals("amd64") || lower.equals("x86_64");
    }

    /** Whether {@code struct epoll_event} is packed (12 bytes) as on x86_64, not 16 bytes as on aarch64. */
    boolean packedEpollEvent() {
        return x86;
    }

    // ---------------------------------------------------------------- signals

    /**
     * Sends {@code signal} to one process.
     *
     * @return true if it was delivered, false if no such process exists (already gone)
     * @throws PosixException of kind SIGNAL for any other failure, such as EPERM
     * @throws IllegalArgumentException if {@code pid <= 0}: 0 and negative values would signal groups
     */
    public boolean kill(int pid, Signal signal) {
        requirePositive("pid", pid);
        return sendKill(pid, signal);
    }

    /**
     * Sends {@code signal} to every process of the process group {@code pgid} ({@code kill(-pgid, sig)}).
     *
     * @return true if it was delivered to at least one process, false if the group is empty (already gone)
     * @throws PosixException of kind SIGNAL for any other failure, such as EPERM
     * @throws IllegalArgumentException if {@code pgid <= 1}: 0 would signal our own group and 1 init's
     */
    public boolean killGroup(int pgid, Signal signal) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("pgid must be > 1, but was " + pgid);
        }
        return sendKill(-pgid, signal);
    }

    private static boolean sendKill(int target, Signal signal) {
        Objects.requireNonNull(signal, "signal must not be null");
        if (LibC.kill(target, signal.number()) == 0) {
            return true;
        }
        int errno = Native.getLastError();
        if (errno == Errno.ESRCH.number()) {
            return false;
        }
        throw new PosixException(ErrorKind.SIGNAL, "kill(" + target + ", " + signal.signalName() + ")", errno);
    }

    /**
     * Whether a process with this pid exists ({@code kill(pid, 0)}). A zombie exists until it is
     * reaped, and a pid we may not signal (EPERM) exists too. Use {@link ProcessIdentity} to tell a
     * recycled pid apart.
     *
     * @throws IllegalArgumentException if {@code pid <= 0}
     */
    public boolean isAlive(int pid) {
        requirePositive("pid", pid);
        if (LibC.kill(pid, 0) == 0) {
            return true;
        }
        int errno = Native.getLastError();
        if (errno == Errno.ESRCH.number()) {
            return false;
        }
        if (errno == Errno.EPERM.number()) {
            return true;
        }
        throw new PosixException(ErrorKind.SIGNAL, "kill(" + pid + ", 0)", errno);
    }

    // ---------------------------------------------------------------- ids

    /** This process's pid. */
    public int getpid() {
        return LibC.getpid();
    }

    /** This process's parent's pid. */
    public int getppid() {
        return LibC.getppid();
    }

    /** This process's real user id. */
    public int getuid() {
        return LibC.getuid();
    }

    /** This process's effective user id (0 when running as root). */
    public int geteuid() {
        return LibC.geteuid();
    }

    /**
     * The process group of {@code pid} (0 means this process).
     *
     * @throws PosixException of kind NOT_FOUND (ESRCH) if no such process exists
     */
    public int getpgid(int pid) {
        int pgid = LibC.getpgid(pid);
        if (pgid < 0) {
            throw failed("getpgid(" + pid + ")", Native.getLastError());
        }
        return pgid;
    }

    /**
     * The session of {@code pid} (0 means this process).
     *
     * @throws PosixException of kind NOT_FOUND (ESRCH) if no such process exists
     */
    public int getsid(int pid) {
        int sid = LibC.getsid(pid);
        if (sid < 0) {
            throw failed("getsid(" + pid + ")", Native.getLastError());
        }
        return sid;
    }

    /** Clock ticks per second ({@code sysconf(_SC_CLK_TCK)}), the unit of {@link ProcessIdentity#startTimeTicks()}. */
    public long clockTicksPerSecond() {
        return LibC.sysconf(SC_CLK_TCK);
    }

    // ---------------------------------------------------------------- prctl

    /**
     * Makes this process the reaper of its orphaned descendants ({@code PR_SET_CHILD_SUBREAPER}):
     * a worker that double-forks stays our descendant, and its orphans must then be reaped with
     * {@link #waitidNoHang(int)} or {@link #waitAnyChildNoHang()}.
     *
     * @throws PosixException of kind PLATFORM if the kernel refuses
     */
    public void setChildSubreaper(boolean enabled) {
        if (LibC.prctl(PR_SET_CHILD_SUBREAPER, enabled ? 1 : 0, 0, 0, 0) != 0) {
            throw new PosixException(ErrorKind.PLATFORM, "prctl(PR_SET_CHILD_SUBREAPER, " + (enabled ? 1 : 0) + ")",
                    Native.getLastError());
        }
    }

    /** Whether this process is a child subreaper ({@code PR_GET_CHILD_SUBREAPER}). */
    public boolean isChildSubreaper() {
        return prctlGetInt(PR_GET_CHILD_SUBREAPER, "PR_GET_CHILD_SUBREAPER") != 0;
    }

    /**
     * Asks the kernel to send {@code signal} to this process when its parent dies
     * ({@code PR_SET_PDEATHSIG}); null clears it. Linux sends it when the parent <em>thread</em> that
     * forked this process exits, and clears it on exec of a set-user-id program.
     */
    public void setParentDeathSignal(Signal signal) {
        int number = signal == null ? 0 : signal.number();
        if (LibC.prctl(PR_SET_PDEATHSIG, number, 0, 0, 0) != 0) {
            throw new PosixException(ErrorKind.PLATFORM, "prctl(PR_SET_PDEATHSIG, " + number + ")",
                    Native.getLastError());
        }
    }

    /** The signal this process gets when its parent dies, if one is set ({@code PR_GET_PDEATHSIG}). */
    public Optional<Signal> parentDeathSignal() {
        return Signal.fromNumber(prctlGetInt(PR_GET_PDEATHSIG, "PR_GET_PDEATHSIG"));
    }

    private static int prctlGetInt(int option, String optionName) {
        try (Memory value = new Memory(4)) {
            value.setInt(0, 0);
            if (LibC.prctl(option, Pointer.nativeValue(value), 0, 0, 0) != 0) {
                throw new PosixException(ErrorKind.PLATFORM, "prctl(" + optionName + ")", Native.getLastError());
            }
            return value.getInt(0);
        }
    }

    // ---------------------------------------------------------------- rlimits

    /**
     * The limit of {@code resource} for process {@code pid} (0 means this process), via {@code prlimit}.
     *
     * @throws PosixException of kind NOT_FOUND (ESRCH) if no such process exists, PLATFORM (EPERM)
     *     if we may not read its limits
     */
    public Rlimit getRlimit(int pid, Resource resource) {
        long[] old = new long[2];
        if (LibC.prlimit(pid, resource.number(), null, old) != 0) {
            throw failed("prlimit(" + pid + ", RLIMIT_" + resource.name() + ")", Native.getLastError());
        }
        return new Rlimit(fromKernel(old[0]), fromKernel(old[1]));
    }

    /**
     * Sets the limit of {@code resource} for process {@code pid} (0 means this process), via {@code prlimit}.
     * Raising a hard limit needs CAP_SYS_RESOURCE; changing another user's process needs privileges.
     *
     * @throws PosixException of kind NOT_FOUND (ESRCH) if no such process exists, PLATFORM (EPERM,
     *     EINVAL) if the kernel refuses
     */
    public void setRlimit(int pid, Resource resource, Rlimit limit) {
        long[] limits = {toKernel(limit.soft()), toKernel(limit.hard())};
        if (LibC.prlimit(pid, resource.number(), limits, null) != 0) {
            throw failed("prlimit(" + pid + ", RLIMIT_" + resource.name() + ", " + limit + ")", Native.getLastError());
        }
    }

    /** Same as {@code setRlimit(pid, resource, new Rlimit(soft, hard))}; {@link Rlimit#UNLIMITED} is no limit. */
    public void setRlimit(int pid, Resource resource, long soft, long hard) {
        setRlimit(pid, resource, new Rlimit(soft, hard));
    }

    private static long fromKernel(long value) {
        return value < 0 ? Rlimit.UNLIMITED : value;   // RLIM_INFINITY is ~0UL
    }

    private static long toKernel(long value) {
        return value == Rlimit.UNLIMITED ? -1L : value;
    }

    // ---------------------------------------------------------------- pidfd

    /**
     * Opens a pidfd for {@code pid} (Linux 5.3+). It refers to exactly this process even if the pid
     * is later recycled, becomes readable in {@link Epoll} when the process exits, and is closed
     * with {@link #close(int)}. Open it right after spawning, or check {@link ProcessIdentity} first.
     *
     * @throws PosixException of kind NOT_FOUND (ESRCH) if no such process exists, PLATFORM (ENOSYS)
     *     on older kernels
     * @throws IllegalArgumentException if {@code pid <= 0}
     */
    public int pidfdOpen(int pid) {
        requirePositive("pid", pid);
        long fd = LibC.syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0);
        if (fd < 0) {
            throw failed("pidfd_open(" + pid + ")", Native.getLastError());
        }
        return (int) fd;
    }

    /**
     * Sends {@code signal} to the process a pidfd refers to; never hits a recycled pid.
     *
     * @return true if it was delivered, false if the process has exited and been reaped
     * @throws PosixException of kind SIGNAL for any other failure
     */
    public boolean pidfdSendSignal(int pidfd, Signal signal) {
        Objects.requireNonNull(signal, "signal must not be null");
        if (LibC.syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, signal.number(), 0, 0) == 0) {
            return true;
        }
        int errno = Native.getLastError();
        if (errno == Errno.ESRCH.number()) {
            return false;
        }
        throw new PosixException(ErrorKind.SIGNAL, "pidfd_send_signal(" + pidfd + ", " + signal.signalName() + ")",
                errno);
    }

    // ---------------------------------------------------------------- waitid

    /**
     * Reaps the child {@code pid} if it has exited ({@code waitid(P_PID, pid, WEXITED|WNOHANG)}).
     *
     * <p>Only for children the JDK did not spawn (for example orphans reparented to us as
     * {@linkplain #setChildSubreaper subreaper}): reaping a {@link ProcessBuilder} child steals its
     * exit status from the JDK, whose {@code Process.waitFor()} then reports a wrong code.
     *
     * @return the result, or empty if the child is still running
     * @throws PosixException of kind NOT_FOUND (ECHILD) if {@code pid} is not our child or was already reaped
     * @throws IllegalArgumentException if {@code pid <= 0}
     */
    public Optional<WaitResult> waitidNoHang(int pid) {
        requirePositive("pid", pid);
        return waitid(P_PID, pid, WEXITED | WNOHANG, "waitid(P_PID, " + pid + ", WEXITED|WNOHANG)");
    }

    /**
     * Reaps any one exited child ({@code waitid(P_ALL, 0, WEXITED|WNOHANG)}); call it until it
     * returns empty to clear all zombies of reparented grandchildren.
     *
     * <p>Dangerous in a JVM: it also reaps children the JDK spawned and steals their exit statuses
     * from the JDK's process reaper. Use it only when no {@link ProcessBuilder} children can exit
     * meanwhile; otherwise call {@link #peekAnyChildNoHang()}, check the pid, then
     * {@link #waitidNoHang(int)} that pid.
     *
     * @return the reaped child, or empty if none has exited (or we have no children)
     */
    public Optional<WaitResult> waitAnyChildNoHang() {
        return waitid(P_ALL, 0, WEXITED | WNOHANG, "waitid(P_ALL, 0, WEXITED|WNOHANG)");
    }

    /**
     * Reports an exited child without reaping it ({@code waitid(P_ALL, 0, WEXITED|WNOHANG|WNOWAIT)}),
     * so the caller can check the pid is not one the JDK spawned before reaping it with
     * {@link #waitidNoHang(int)}. Repeated calls may return the same child until it is reaped.
     *
     * @return an exited child, or empty if none has exited (or we have no children)
     */
    public Optional<WaitResult> peekAnyChildNoHang() {
        return waitid(P_ALL, 0, WEXITED | WNOHANG | WNOWAIT, "waitid(P_ALL, 0, WEXITED|WNOHANG|WNOWAIT)");
    }

    private static Optional<WaitResult> waitid(int idType, int id, int options, String call) {
        // siginfo_t on x86_64 and aarch64: si_signo, si_errno, si_code, padding, then si_pid, si_uid, si_status.
        int[] info = new int[SIGINFO_INTS];
        while (LibC.waitid(idType, id, info, options) != 0) {
            int errno = Native.getLastError();
            if (errno == Errno.EINTR.number()) {
                continue;
            }
            if (errno == Errno.ECHILD.number() && idType == P_ALL) {
                return Optional.empty();
            }
            throw failed(call, errno);
        }
        int pid = info[4];
        if (pid == 0) {
            return Optional.empty();   // WNOHANG and nothing has exited
        }
        int code = info[2];
        int status = info[6];
        if (code == CLD_EXITED) {
            return Optional.of(WaitResult.exited(pid, status));
        }
        if (code == CLD_KILLED || code == CLD_DUMPED) {
            return Optional.of(WaitResult.killed(pid, status, code == CLD_DUMPED));
        }
        throw new PosixException(ErrorKind.INTERNAL, call, "unexpected si_code " + code + " for pid " + pid, null);
    }

    // ---------------------------------------------------------------- files, FIFOs and pipes

    /**
     * Creates a FIFO ({@code mkfifo}) with {@code mode} (for example {@code 0600}, reduced by the umask).
     *
     * @throws PosixException of kind IO, for example EEXIST if the path exists (check
     *     {@link PosixException#errnoValue()})
     */
    public void mkfifo(Path path, int mode) {
        if (LibC.mkfifo(cString(path), mode) != 0) {
            throw new PosixException(ErrorKind.IO, "mkfifo(" + path + ", 0" + Integer.toOctalString(mode) + ")",
                    Native.getLastError());
        }
    }

    /**
     * Opens {@code path} with {@code flags} ({@link #O_RDONLY}, {@link #O_NONBLOCK}, ...; combine with
     * {@code |}). For a FIFO, {@code O_RDONLY|O_NONBLOCK} never blocks, while
     * {@code O_WRONLY|O_NONBLOCK} fails with ENXIO while no reader has it open.
     *
     * @return the descriptor, owned by the caller
     * @throws PosixException of kind IO (ENOENT, EACCES, ENXIO, ...)
     */
    public int open(Path path, int flags) {
        return open(path, flags, 0);
    }

    /** Like {@link #open(Path, int)} with the {@code mode} a file created by {@link #O_CREAT} gets. */
    public int open(Path path, int flags, int mode) {
        byte[] name = cString(path);
        while (true) {
            int fd = LibC.open(name, flags, mode);
            if (fd >= 0) {
                return fd;
            }
            int errno = Native.getLastError();
            if (errno != Errno.EINTR.number()) {
                throw new PosixException(ErrorKind.IO, "open(" + path + ", 0" + Integer.toOctalString(flags) + ")",
                        errno);
            }
        }
    }

    /**
     * Reads up to {@code dst.remaining()} bytes into a direct buffer at its position and advances
     * the position.
     *
     * @return the number of bytes read (> 0); 0 if a non-blocking descriptor has no data now
     *     (EAGAIN) or the buffer has no room; -1 at end of file (for a pipe or FIFO: every writer
     *     has closed it)
     * @throws IllegalArgumentException if the buffer is not direct
     * @throws PosixException of kind IO (EBADF, ...)
     */
    public int read(int fd, ByteBuffer dst) {
        long address = address(dst);
        int n = (int) readInto(fd, address, dst.remaining());
        if (n > 0) {
            dst.position(dst.position() + n);
        }
        return n;
    }

    /**
     * Reads up to {@code len} bytes into {@code buf[off..]}, at most 64 KiB per call. Copies through
     * a 64 KiB native buffer per thread; loops that read a lot should prefer a direct {@link ByteBuffer}.
     *
     * @return as {@link #read(int, ByteBuffer)}: bytes read, 0 for EAGAIN (or {@code len == 0}), -1 at end of file
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code buf}
     */
    public int read(int fd, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        Memory memory = scratch.get();
        int n = (int) readInto(fd, Pointer.nativeValue(memory), Math.min(len, SCRATCH_BYTES));
        if (n > 0) {
            memory.read(0, buf, off, n);
        }
        return n;
    }

    private static long readInto(int fd, long address, long count) {
        if (count == 0) {
            return 0;
        }
        while (true) {
            long n = LibC.read(fd, address, count);
            if (n > 0) {
                return n;
            }
            if (n == 0) {
                return -1;
            }
            int errno = Native.getLastError();
            if (errno == Errno.EAGAIN.number()) {
                return 0;
            }
            if (errno != Errno.EINTR.number()) {
                throw new PosixException(ErrorKind.IO, "read(" + fd + ")", errno);
            }
        }
    }

    /**
     * Writes up to {@code src.remaining()} bytes from a direct buffer at its position and advances the position.
     *
     * @return the number of bytes written; 0 if a non-blocking descriptor is full (EAGAIN)
     * @throws IllegalArgumentException if the buffer is not direct
     * @throws PosixException of kind IO, for example EPIPE if no reader has the pipe open (the JVM
     *     ignores SIGPIPE, so the writer gets the error instead of dying)
     */
    public int write(int fd, ByteBuffer src) {
        int n = (int) writeFrom(fd, address(src), src.remaining());
        src.position(src.position() + n);
        return n;
    }

    /**
     * Writes up to {@code len} bytes from {@code buf[off..]}, at most 64 KiB per call (through the
     * same per-thread native buffer as {@link #read(int, byte[], int, int)}).
     *
     * @return as {@link #write(int, ByteBuffer)}: bytes written, 0 for EAGAIN
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code buf}
     */
    public int write(int fd, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        Memory memory = scratch.get();
        int count = Math.min(len, SCRATCH_BYTES);
        memory.write(0, buf, off, count);
        return (int) writeFrom(fd, Pointer.nativeValue(memory), count);
    }

    private static long writeFrom(int fd, long address, long count) {
        if (count == 0) {
            return 0;
        }
        while (true) {
            long n = LibC.write(fd, address, count);
            if (n >= 0) {
                return n;
            }
            int errno = Native.getLastError();
            if (errno == Errno.EAGAIN.number()) {
                return 0;
            }
            if (errno != Errno.EINTR.number()) {
                throw new PosixException(ErrorKind.IO, "write(" + fd + ")", errno);
            }
        }
    }

    /**
     * Closes a descriptor. Not retried on EINTR: Linux has closed it anyway.
     *
     * @throws PosixException of kind IO, for example EBADF if it is not open
     */
    public void close(int fd) {
        if (LibC.close(fd) != 0) {
            int errno = Native.getLastError();
            if (errno != Errno.EINTR.number()) {
                throw new PosixException(ErrorKind.IO, "close(" + fd + ")", errno);
            }
        }
    }

    /**
     * Reserves the disk blocks of {@code [offset, offset + length)} of the regular file {@code fd}
     * without changing its size ({@code fallocate(2)} with {@code FALLOC_FL_KEEP_SIZE}), so writes
     * there later skip the file system's per-block reservation (ext4's delayed allocation). A
     * {@link #truncate} to the file's size releases what was reserved but not written.
     *
     * @return true when reserved; false when the file system cannot (EOPNOTSUPP) or has no room for
     *     it (ENOSPC, EDQUOT, EFBIG), or {@code fd} is no regular file (ENODEV, ESPIPE): writes work as
     *     before, without the reservation
     * @throws PosixException of kind IO for any other failure (EBADF, ...)
     */
    public boolean preallocate(int fd, long offset, long length) {
        while (true) {
            if (LibC.fallocate(fd, FALLOC_FL_KEEP_SIZE, offset, length) == 0) {
                return true;
            }
            int errno = Native.getLastError();
            if (errno == Errno.EOPNOTSUPP.number() || errno == Errno.ENOSPC.number() || errno == Errno.EDQUOT.number()
                    || errno == Errno.EFBIG.number() || errno == Errno.ENODEV.number() || errno == Errno.ESPIPE.number()) {
                return false;
            }
            if (errno != Errno.EINTR.number()) {
                throw new PosixException(ErrorKind.IO, "fallocate(" + fd + ", KEEP_SIZE, " + offset + ", " + length + ")",
                        errno);
            }
        }
    }

    /**
     * Sets the size of the regular file {@code fd} ({@code ftruncate(2)}); on ext4 a truncate to
     * the current size also frees blocks {@link #preallocate reserved} past it.
     *
     * @throws PosixException of kind IO (EBADF, EINVAL for a non-regular file, EROFS, ...)
     */
    public void truncate(int fd, long length) {
        while (LibC.ftruncate(fd, length) != 0) {
            int errno = Native.getLastError();
            if (errno != Errno.EINTR.number()) {
                throw new PosixException(ErrorKind.IO, "ftruncate(" + fd + ", " + length + ")", errno);
            }
        }
    }

    /**
     * Creates a pipe ({@code pipe2}) with {@code flags} ({@link #O_CLOEXEC}, {@link #O_NONBLOCK} or 0).
     *
     * @throws PosixException of kind IO (EMFILE, ...)
     */
    public Pipe pipe2(int flags) {
        int[] fds = new int[2];
        if (LibC.pipe2(fds, flags) != 0) {
            throw new PosixException(ErrorKind.IO, "pipe2(0" + Integer.toOctalString(flags) + ")", Native.getLastError());
        }
        return new Pipe(fds[0], fds[1]);
    }

    /**
     * Copies up to {@code length} bytes from the pipe {@code fdIn} to the pipe {@code fdOut} without
     * consuming them ({@code tee(2)}, non-blocking): the bytes stay in {@code fdIn} and a later read
     * or {@link #splice} of it sees them again. Always copies from the start of {@code fdIn}'s data.
     *
     * @return the bytes copied (> 0); 0 if {@code fdIn} is empty or {@code fdOut} full (EAGAIN);
     *     -1 if {@code fdIn} is empty and has no writer
     * @throws PosixException of kind IO, for example EINVAL if either descriptor is not a pipe
     */
    public long tee(int fdIn, int fdOut, long length) {
        if (length == 0) {
            return 0;
        }
        while (true) {
            long n = LibC.tee(fdIn, fdOut, length, SPLICE_F_NONBLOCK);
            if (n >= 0 || isEagain("tee(" + fdIn + ", " + fdOut + ")")) {
                return n > 0 ? n : n == 0 ? -1 : 0;
            }
        }
    }

    /**
     * Moves up to {@code length} bytes from {@code fdIn} to {@code fdOut}, one of which must be a
     * pipe, at their current offsets ({@code splice(2)}, non-blocking on the pipes). Splicing a pipe
     * to an open {@code /dev/null} consumes its bytes without copying them to user space.
     *
     * @return as {@link #tee}: bytes moved, 0 for EAGAIN, -1 at end of input
     * @throws PosixException of kind IO (EINVAL, EBADF, ...)
     */
    public long splice(int fdIn, int fdOut, long length) {
        if (length == 0) {
            return 0;
        }
        while (true) {
            long n = LibC.splice(fdIn, 0, fdOut, 0, length, SPLICE_F_NONBLOCK);
            if (n >= 0 || isEagain("splice(" + fdIn + ", " + fdOut + ")")) {
                return n > 0 ? n : n == 0 ? -1 : 0;
            }
        }
    }

    /** After a failed call: true for EAGAIN, false for EINTR (call again); throws for any other errno. */
    private static boolean isEagain(String call) {
        int errno = Native.getLastError();
        if (errno == Errno.EAGAIN.number()) {
            return true;
        }
        if (errno == Errno.EINTR.number()) {
            return false;
        }
        throw new PosixException(ErrorKind.IO, call, errno);
    }

    /**
     * The capacity of a pipe or FIFO in bytes ({@code F_GETPIPE_SZ}).
     *
     * @throws PosixException of kind IO, for example EBADF
     */
    public int getPipeSize(int fd) {
        return fcntl(fd, F_GETPIPE_SZ, 0, "F_GETPIPE_SZ");
    }

    /**
     * Resizes a pipe or FIFO ({@code F_SETPIPE_SZ}); the kernel rounds up to a power-of-two number of
     * pages. Unprivileged processes may not exceed {@code /proc/sys/fs/pipe-max-size} (1 MiB by default).
     *
     * @return the capacity the kernel actually set
     * @throws PosixException of kind IO: EPERM above the maximum, EBUSY below the data held
     */
    public int setPipeSize(int fd, int bytes) {
        return fcntl(fd, F_SETPIPE_SZ, bytes, "F_SETPIPE_SZ, " + bytes);
    }

    /** The file status flags ({@code F_GETFL}): the access mode plus {@link #O_NONBLOCK}, {@link #O_APPEND}, ... */
    public int getStatusFlags(int fd) {
        return fcntl(fd, F_GETFL, 0, "F_GETFL");
    }

    /** Turns {@link #O_NONBLOCK} on or off ({@code F_SETFL}), keeping the other status flags. */
    public void setNonBlocking(int fd, boolean nonBlocking) {
        int flags = getStatusFlags(fd);
        int next = nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
        if (next != flags) {
            fcntl(fd, F_SETFL, next, "F_SETFL, 0" + Integer.toOctalString(next));
        }
    }

    private static int fcntl(int fd, int command, long arg, String shown) {
        int result = LibC.fcntl(fd, command, arg);
        if (result < 0) {
            throw new PosixException(ErrorKind.IO, "fcntl(" + fd + ", " + shown + ")", Native.getLastError());
        }
        return result;
    }

    // ---------------------------------------------------------------- helpers

    private static PosixException failed(String call, int errno) {
        ErrorKind kind = errno == Errno.ESRCH.number() || errno == Errno.ECHILD.number() ? ErrorKind.NOT_FOUND
                : ErrorKind.PLATFORM;
        return new PosixException(kind, call, errno);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, but was " + value);
        }
    }

    private static long address(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("buffer must be direct (ByteBuffer.allocateDirect), but was a heap buffer");
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer)) + buffer.position();
    }

    /** The path as a NUL-terminated UTF-8 C string. */
    private static byte[] cString(Path path) {
        byte[] utf8 = path.toString().getBytes(StandardCharsets.UTF_8);
        byte[] c = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, c, 0, utf8.length);
        return c;
    }
}
