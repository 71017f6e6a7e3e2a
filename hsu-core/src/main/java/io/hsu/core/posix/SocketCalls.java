package io.hsu.core.posix;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * JNA direct mapping of the socket calls {@link Sockets} uses, apart from {@link LibC} so that
 * the process and pipe bindings never load them. Loaded on first use by {@link Sockets#get()}.
 * Failures read errno with {@link Native#getLastError()}.
 */
final class SocketCalls {
    static {
        Native.register(SocketCalls.class, NativeLibrary.getInstance("c"));
    }

    private SocketCalls() {
    }

    static native int socket(int domain, int type, int protocol);

    static native int connect(int fd, byte[] address, int length);

    static native int setsockopt(int fd, int level, int name, int[] value, int length);

    static native int getsockopt(int fd, int level, int name, int[] value, int[] length);

    static native int close(int fd);
}
