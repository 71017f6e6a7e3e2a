package io.hsu.core.posix;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * JNA direct mapping of the C library calls {@link Posix} and {@link Epoll} use. Loaded on first
 * use by {@link Posix#get()} only, never from another class's static initializer. Pointers are
 * passed as {@code long} addresses to avoid allocating per call; variadic C functions are bound
 * with fixed integer arguments, which is the same calling convention on x86_64 and aarch64 Linux.
 * Failures read errno with {@link Native#getLastError()} (thread-local, set after every call).
 */
final class LibC {
    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {
    }

    static native int kill(int pid, int sig);

    static native int getpid();

    static native int getppid();

    static native int getuid();

    static native int geteuid();

    static native int getpgid(int pid);

    static native int getsid(int pid);

    static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    static native int prlimit(int pid, int resource, long[] newLimit, long[] oldLimit);

    static native long syscall(long number, long arg1, long arg2, long arg3, long arg4);

    static native int waitid(int idType, int id, int[] siginfo, int options);

    static native long sysconf(int name);

    static native int epoll_create1(int flags);

    static native int epoll_ctl(int epfd, int op, int fd, int[] event);

    static native int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis);

    static native int eventfd(int initialValue, int flags);

    static native int mkfifo(byte[] path, int mode);

    static native int open(byte[] path, int flags, int mode);

    static native long read(int fd, long buffer, long count);

    static native long write(int fd, long buffer, long count);

    static native int close(int fd);

    static native int fcntl(int fd, int command, long arg);

    static native int fallocate(int fd, int mode, long offset, long length);

    static native int ftruncate(int fd, long length);

    static native int pipe2(int[] fds, int flags);

    static native long tee(int fdIn, int fdOut, long length, int flags);

    static native long splice(int fdIn, long offsetIn, int fdOut, long offsetOut, long length, int flags);
}
