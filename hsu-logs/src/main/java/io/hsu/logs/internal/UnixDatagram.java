package io.hsu.logs.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Unix datagram socket through JNA ({@code socket(AF_UNIX, SOCK_DGRAM)} + {@code sendto}): the JDK
 * has Unix domain sockets for streams only (16+), while /dev/log is a datagram socket.
 * Not thread-safe; the owner closes it. Linux only.
 */
final class UnixDatagram implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SUN_PATH_MAX = 108;

    private static final class LibC {
        static {
            Native.register(LibC.class, NativeLibrary.getInstance("c"));
        }

        static native int socket(int domain, int type, int protocol);

        static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen);

        static native int close(int fd);
    }

    private final byte[] address;
    private final String path;
    private int fd = -1;

    UnixDatagram(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= SUN_PATH_MAX) {
            throw new IllegalArgumentException("socket path must be shorter than 108 bytes, but was " + p.length + ": " + path);
        }
        this.path = path;
        this.address = new byte[2 + SUN_PATH_MAX];
        address[0] = (byte) AF_UNIX;   // sa_family_t, little endian
        System.arraycopy(p, 0, address, 2, p.length);
    }

    /** Sends one datagram. @throws IOException with the errno when the socket refuses (ENOENT, ECONNREFUSED, EMSGSIZE...) */
    void send(byte[] message, int length) throws IOException {
        if (fd < 0) {
            fd = LibC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + Native.getLastError());
            }
        }
        while (true) {
            long n = LibC.sendto(fd, message, length, 0, address, address.length);
            if (n >= 0) {
                return;
            }
            int errno = Native.getLastError();
            if (errno != 4) {   // EINTR
                throw new IOException("sendto(" + path + ") failed: errno " + errno);
            }
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            LibC.close(fd);
            fd = -1;
        }
    }
}
