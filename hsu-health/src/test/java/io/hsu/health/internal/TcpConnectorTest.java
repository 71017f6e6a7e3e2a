package io.hsu.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both connectors, the Linux one and the portable one, against real listeners on loopback. */
final class TcpConnectorTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final TcpConnector EPOLL = new EpollTcpConnector();
    private static final TcpConnector NIO = nio();

    private static TcpConnector nio() {
        try {
            return new NioTcpConnector();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<TcpConnector> connectors() {
        return Stream.of(EPOLL, NIO);
    }

    /** The outcome of one attempt: empty when it connected. */
    private static Optional<IOException> attempt(TcpConnector connector, InetSocketAddress target, long timeoutNanos)
            throws Exception {
        CompletableFuture<Optional<IOException>> outcome = new CompletableFuture<>();
        connector.start(timeoutNanos, failure -> outcome.complete(Optional.ofNullable(failure))).connect(target);
        return outcome.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @MethodSource("connectors")
    void connects_toIpv4AndIpv6Listeners_andTheListenerSeesAReset(TcpConnector connector) throws Exception {
        for (String host : new String[] {"127.0.0.1", "::1"}) {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(host))) {
                InetSocketAddress target = new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());

                assertThat(attempt(connector, target, SECOND)).as(host).isEmpty();

                try (Socket accepted = listener.accept()) {
                    assertThat(readResult(accepted)).as(host).contains("reset");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("connectors")
    void aClosedPort_isConnectionRefused(TcpConnector connector) throws Exception {
        int port = closedPort();

        Optional<IOException> failure = attempt(connector, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), SECOND);

        assertThat(failure).get().isInstanceOf(ConnectException.class).extracting(Throwable::getMessage)
                .isEqualTo("Connection refused");
    }

    @ParameterizedTest
    @MethodSource("connectors")
    void aConnectInProgress_endsAtItsDeadline_andACancelledOneNeverAnswers(TcpConnector connector) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress target = new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
            List<Socket> filling = new ArrayList<>();
            try {
                fillBacklog(target, filling);
                CompletableFuture<IOException> cancelled = new CompletableFuture<>();
                TcpConnector.Attempt toCancel = connector.start(SECOND, cancelled::complete);
                toCancel.connect(target);
                assertThat(toCancel.cancel()).isTrue();

                Optional<IOException> failure = attempt(connector, target, TimeUnit.MILLISECONDS.toNanos(100));

                assertThat(failure).get().isInstanceOf(SocketTimeoutException.class);
                assertThat(cancelled).isNotDone();
            } finally {
                for (Socket s : filling) {
                    s.close();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("connectors")
    void repeatedChecks_eachConnectAndReset_aRefusalBetween_andNoDescriptorPilesUp(TcpConnector connector) throws Exception {
        int closedPort = closedPort();
        try (ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
            InetSocketAddress target = new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
            InetSocketAddress refused = new InetSocketAddress(listener.getInetAddress(), closedPort);
            assertThat(attempt(connector, target, SECOND)).isEmpty();   // the connector's own descriptors now exist
            listener.accept().close();
            long descriptorsBefore = openDescriptors();

            for (int i = 0; i < 50; i++) {
                assertThat(attempt(connector, target, SECOND)).as("check %d", i).isEmpty();
                try (Socket accepted = listener.accept()) {
                    assertThat(readResult(accepted)).as("check %d", i).contains("reset");
                }
                if (i % 10 == 0) {
                    assertThat(attempt(connector, refused, SECOND)).as("check %d", i).get().isInstanceOf(ConnectException.class);
                }
            }

            // idle sockets kept for reuse: a few per address family, never one per check
            assertThat(openDescriptors()).isLessThanOrEqualTo(descriptorsBefore + EpollTcpConnector.IdleSockets.PER_FAMILY);
            if (connector instanceof EpollTcpConnector epoll) {
                assertThat(epoll.idleSockets()).as("a finished check's socket waits for the next").isPositive();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void socketsOfScopedIpv6Targets_areNeverReused() throws Exception {
        assertThat(EpollTcpConnector.reusable(new InetSocketAddress("127.0.0.1", 80))).isTrue();
        assertThat(EpollTcpConnector.reusable(new InetSocketAddress("::1", 80))).isTrue();
        assertThat(EpollTcpConnector.reusable(new InetSocketAddress("2001:db8::1", 80))).isTrue();
        // connecting to a link-local address binds the socket to the interface, and a disconnect keeps that
        assertThat(EpollTcpConnector.reusable(new InetSocketAddress(
                java.net.Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 1), 80))).isFalse();
        assertThat(EpollTcpConnector.reusable(new InetSocketAddress("fe80::1", 80))).isFalse();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static String readResult(Socket accepted) {
        try {
            return "read " + accepted.getInputStream().read();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** Connects until a connect times out: the accept queue is then full (nobody accepts). */
    private static void fillBacklog(InetSocketAddress target, List<Socket> filling) throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            try {
                s.connect(target, 100);
                filling.add(s);
            } catch (SocketTimeoutException e) {
                s.close();
                return;
            }
        }
        throw new IllegalStateException("the backlog of " + target + " never filled");
    }

    /** A loopback port nobody listens on: bound, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
