package io.hsu.core.posix;

import io.hsu.core.ErrorKind;
import io.hsu.core.internal.Checks;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Non-blocking TCP connects through the system calls themselves, for checks that open and reset
 * thousands of connections a second: a connect here costs the kernel's work and little more, where
 * a {@link java.nio.channels.SocketChannel} adds its own bookkeeping to every socket. A socket is a
 * plain file descriptor that the caller owns and closes with {@link #closeWithReset(int)}.
 *
 * <p>Linux only, like {@link Posix}. Thread-safe: every method is a system call on the caller's
 * descriptor.
 */
public final class Sockets {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_ERROR = 4;
    private static final int SO_LINGER = 13;
    private static final int[] LINGER_RESET = {1, 0};
    /** A sockaddr whose family is AF_UNSPEC (0): connecting a TCP socket to it dissolves its connection. */
    private static final byte[] UNSPECIFIED = new byte[16];

    private static final Object LOCK = new Object();
    private static volatile Sockets instance;   // written once under LOCK

    private Sockets() {
    }

    /**
     * The bindings for this JVM.
     *
     * @throws PosixUnavailableException where {@link Posix#get()} would
     */
    public static Sockets get() {
        Sockets s = instance;
        if (s != null) {
            return s;
        }
        synchronized (LOCK) {
            if (instance == null) {
                Posix.get();
                try {
                    SocketCalls.close(-1);   // loads the class, which binds the native methods
                } catch (LinkageError e) {
                    throw new PosixUnavailableException("cannot bind the socket calls through JNA: " + e, e);
                }
                instance = new Sockets();
            }
            return instance;
        }
    }

    /**
     * A new non-blocking, close-on-exec TCP socket of {@code address}'s family (IPv4 for an IPv4
     * address: the JDK's default IPv6 socket with a mapped address costs more per connect).
     *
     * @throws PosixException if the system refuses one (EMFILE, ENFILE ...)
     */
    public int openTcp(InetSocketAddress address) {
        int family = family(address);
        int fd = SocketCalls.socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new PosixException(ErrorKind.IO, "socket(" + (family == AF_INET ? "AF_INET" : "AF_INET6") + ")",
                    com.sun.jna.Native.getLastError());
        }
        return fd;
    }

    /**
     * Connects {@code fd} to {@code address}, or learns how far a connect already started has got:
     * a non-blocking connect returns "in progress" even on loopback, but the kernel has usually
     * finished that handshake by the time the call returns, which calling again tells without
     * waiting.
     *
     * @return true when connected, false when still in progress: wait until {@code fd} is
     *     writable, then read {@link #pendingError(int)} (or call this again)
     * @throws PosixException with the errno the connect failed with (ECONNREFUSED, ENETUNREACH ...)
     */
    public boolean connect(int fd, InetSocketAddress address) {
        byte[] sockaddr = sockaddr(address);
        if (SocketCalls.connect(fd, sockaddr, sockaddr.length) == 0) {
            return true;
        }
        int errno = com.sun.jna.Native.getLastError();
        if (errno == Errno.EINPROGRESS.number()) {
            if (SocketCalls.connect(fd, sockaddr, sockaddr.length) == 0) {
                return true;
            }
            errno = com.sun.jna.Native.getLastError();
        }
        if (errno == Errno.EISCONN.number()) {
            return true;
        }
        if (errno == Errno.EALREADY.number() || errno == Errno.EINPROGRESS.number()) {
            return false;
        }
        throw new PosixException(ErrorKind.IO, "connect(" + describe(address) + ")", errno);
    }

    /**
     * The outcome of a connect that was in progress, once {@code fd} is writable: 0 when connected,
     * else the errno it failed with (see {@link Errno#fromNumber(int)}).
     */
    public int pendingError(int fd) {
        int[] value = new int[1];
        int[] length = {4};
        if (SocketCalls.getsockopt(fd, SOL_SOCKET, SO_ERROR, value, length) != 0) {
            return com.sun.jna.Native.getLastError();
        }
        return value[0];
    }

    /**
     * Ends {@code fd}'s connection, or its connect still in progress, and leaves the socket ready to
     * {@link #connect} again: {@code connect(2)} to an {@code AF_UNSPEC} address, which resets an
     * established connection as {@link #closeWithReset(int)} does. Reusing a socket this way spares
     * the kernel a socket's creation and teardown, a third of a loopback check's cost.
     *
     * @return true when {@code fd} may be connected again; false when the kernel refused (the
     *     caller closes it)
     */
    public boolean disconnect(int fd) {
        return SocketCalls.connect(fd, UNSPECIFIED, UNSPECIFIED.length) == 0;
    }

    /**
     * Closes {@code fd} with a reset, as kubelet's tcp probe does: a graceful close would leave this
     * side in TIME_WAIT for a minute per connection. Never throws: the descriptor is gone either way.
     */
    public void closeWithReset(int fd) {
        SocketCalls.setsockopt(fd, SOL_SOCKET, SO_LINGER, LINGER_RESET, 8);
        SocketCalls.close(fd);
    }

    private static int family(InetSocketAddress address) {
        Checks.notNull(address, "address");
        Checks.argument(!address.isUnresolved(), "address must be resolved, but was %s", address);
        return address.getAddress() instanceof Inet4Address ? AF_INET : AF_INET6;
    }

    /** struct sockaddr_in or sockaddr_in6: the family and scope id in the CPU's order, port and address in network order. */
    static byte[] sockaddr(InetSocketAddress address) {
        int family = family(address);
        InetAddress ip = address.getAddress();
        ByteBuffer s = ByteBuffer.allocate(family == AF_INET ? 16 : 28).order(ByteOrder.nativeOrder());
        s.putShort(0, (short) family);
        s.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) address.getPort());
        if (family == AF_INET) {
            s.put(4, ip.getAddress());
        } else {
            s.put(8, ip.getAddress());
            s.order(ByteOrder.nativeOrder()).putInt(24, ip instanceof Inet6Address v6 ? v6.getScopeId() : 0);
        }
        return s.array();
    }

    private static String describe(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip.getHostAddress();
        return (ip instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
