package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Real connects on loopback, IPv4 and IPv6; descriptors are checked closed through /proc. */
final class SocketsIT {
    private final Sockets sockets = Sockets.get();

    @Test
    void connect_toAListener_isAcceptedThere_andTheResetCloseReleasesTheDescriptor() throws IOException {
        for (String host : new String[] {"127.0.0.1", "::1"}) {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(host))) {
                InetSocketAddress address = new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
                int fd = sockets.openTcp(address);
                boolean connected = sockets.connect(fd, address);
                if (!connected) {
                    await(fd);
                }
                assertThat(sockets.pendingError(fd)).as(host).isZero();
                try (Socket accepted = listener.accept()) {
                    sockets.closeWithReset(fd);
                    assertThat(Files.exists(Path.of("/proc/self/fd/" + fd))).as("fd %d closed", fd).isFalse();
                    // a reset, not a FIN: the peer's read fails instead of returning -1
                    assertThatThrownBy(() -> accepted.getInputStream().read()).isInstanceOf(java.net.SocketException.class)
                            .hasMessageContaining("reset");
                }
            }
        }
    }

    @Test
    void connect_toAClosedPort_failsWithConnectionRefused() throws IOException {
        int port = closedPort();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        int fd = sockets.openTcp(address);
        try {
            assertThatThrownBy(() -> {
                if (!sockets.connect(fd, address)) {
                    await(fd);
                    throw new PosixException(io.hsu.core.ErrorKind.IO, "connect", sockets.pendingError(fd));
                }
            }).isInstanceOfSatisfying(PosixException.class,
                    e -> assertThat(e.errnoValue()).contains(Errno.ECONNREFUSED))
                    .hasMessageContaining("Connection refused");
        } finally {
            sockets.closeWithReset(fd);
        }
    }

    @Test
    void disconnect_resetsTheConnection_andTheSocketConnectsAgain_alsoAfterARefusal() throws IOException {
        int closedPort = closedPort();
        for (String host : new String[] {"127.0.0.1", "::1"}) {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(host))) {
                InetSocketAddress address = new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
                int fd = sockets.openTcp(address);
                try {
                    for (int round = 0; round < 3; round++) {
                        connectAndAwait(fd, address);
                        try (Socket accepted = listener.accept()) {
                            assertThat(sockets.disconnect(fd)).as("%s round %d", host, round).isTrue();
                            assertThatThrownBy(() -> accepted.getInputStream().read())
                                    .isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
                        }
                    }
                    InetSocketAddress refused = new InetSocketAddress(listener.getInetAddress(), closedPort);
                    assertThatThrownBy(() -> connectAndAwait(fd, refused)).isInstanceOfSatisfying(PosixException.class,
                            e -> assertThat(e.errnoValue()).contains(Errno.ECONNREFUSED));
                    assertThat(sockets.disconnect(fd)).isTrue();
                    connectAndAwait(fd, address);
                    listener.accept().close();
                } finally {
                    sockets.closeWithReset(fd);
                }
            }
        }
    }

    private void connectAndAwait(int fd, InetSocketAddress address) {
        if (!sockets.connect(fd, address)) {
            await(fd);
            int error = sockets.pendingError(fd);
            if (error != 0) {
                throw new PosixException(io.hsu.core.ErrorKind.IO, "connect", error);
            }
        }
    }

    @Test
    void sockaddr_layout() {
        byte[] v4 = Sockets.sockaddr(new InetSocketAddress("10.1.2.3", 0x1f90));
        assertThat(v4).hasSize(16).startsWith(2, 0, 0x1f, (byte) 0x90, 10, 1, 2, 3);
        byte[] v6 = Sockets.sockaddr(new InetSocketAddress("::1", 80));
        assertThat(v6).hasSize(28).startsWith(10, 0, 0, 80);
        assertThat(v6[23]).isEqualTo((byte) 1);
        assertThatThrownBy(() -> Sockets.sockaddr(InetSocketAddress.createUnresolved("example.invalid", 80)))
                .hasMessage("address must be resolved, but was example.invalid/<unresolved>:80");
    }

    private static void await(int fd) {
        try (Epoll epoll = Epoll.open(1)) {
            epoll.add(fd, Epoll.OUT);
            assertThat(epoll.await(10_000)).isEqualTo(1);
        }
    }

    /** A loopback port nobody listens on: bound, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
