package io.hsu.core.posix;

import java.util.Optional;

/**
 * Common Linux errno values with the text glibc's {@code strerror} gives for them (identical on
 * x86_64 and aarch64). {@code EWOULDBLOCK} is {@link #EAGAIN} and {@code ENOTSUP} is
 * {@link #EOPNOTSUPP}, as on Linux.
 *
 * <p>Immutable and thread-safe.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    ESRCH(3, "No such process"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "Input/output error"),
    ENXIO(6, "No such device or address"),
    E2BIG(7, "Argument list too long"),
    ENOEXEC(8, "Exec format error"),
    EBADF(9, "Bad file descriptor"),
    ECHILD(10, "No child processes"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    EXDEV(18, "Invalid cross-device link"),
    ENODEV(19, "No such device"),
    ENOTDIR(20, "Not a directory"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    ENFILE(23, "Too many open files in system"),
    EMFILE(24, "Too many open files"),
    ENOTTY(25, "Inappropriate ioctl for device"),
    ETXTBSY(26, "Text file busy"),
    EFBIG(27, "File too large"),
    ENOSPC(28, "No space left on device"),
    ESPIPE(29, "Illegal seek"),
    EROFS(30, "Read-only file system"),
    EMLINK(31, "Too many links"),
    EPIPE(32, "Broken pipe"),
    ERANGE(34, "Numerical result out of range"),
    EDEADLK(35, "Resource deadlock avoided"),
    ENAMETOOLONG(36, "File name too long"),
    ENOSYS(38, "Function not implemented"),
    ENOTEMPTY(39, "Directory not empty"),
    ELOOP(40, "Too many levels of symbolic links"),
    EOPNOTSUPP(95, "Operation not supported"),
    EADDRINUSE(98, "Address already in use"),
    EADDRNOTAVAIL(99, "Cannot assign requested address"),
    ENETUNREACH(101, "Network is unreachable"),
    ECONNRESET(104, "Connection reset by peer"),
    EISCONN(106, "Transport endpoint is already connected"),
    ETIMEDOUT(110, "Connection timed out"),
    ECONNREFUSED(111, "Connection refused"),
    EHOSTUNREACH(113, "No route to host"),
    EALREADY(114, "Operation already in progress"),
    EINPROGRESS(115, "Operation now in progress"),
    EDQUOT(122, "Disk quota exceeded");

    private final int number;
    private final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** The Linux errno number, for example 1 for {@link #EPERM}. */
    public int number() {
        return number;
    }

    /** The {@code strerror} text, for example {@code "Operation not permitted"}. */
    public String description() {
        return description;
    }

    /** The constant with this number, or empty if it is not one of the common values above. */
    public static Optional<Errno> fromNumber(int number) {
        for (Errno e : values()) {
            if (e.number == number) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The constant's name ({@code "EPERM"}) or {@code "errno 200"} for a number not listed here. */
    public static String nameOf(int number) {
        return fromNumber(number).map(Enum::name).orElse("errno " + number);
    }

    /** {@code "EPERM (Operation not permitted)"}, or {@code "errno 200"} for a number not listed here. */
    public static String describe(int number) {
        return fromNumber(number).map(e -> e.name() + " (" + e.description + ")").orElse("errno " + number);
    }
}
