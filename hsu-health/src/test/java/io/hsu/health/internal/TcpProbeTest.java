package io.hsu.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.ProbeTarget;
import io.hsu.health.TcpCheckConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The tcp probe against a listener on 127.0.0.1, open and then closed. */
final class TcpProbeTest {

    @Test
    void anOpenListener_isHealthy_andAClosedOneIsNot() throws Exception {
        int port;
        Probe probe;
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
            probe = Probe.of(TcpCheckConfig.of("127.0.0.1", port), ProbeTarget.NONE);
            assertThat(probe.check(Duration.ofSeconds(5))).isEqualTo(ProbeResult.healthy("tcp 127.0.0.1:" + port + ": connected"));
        }

        ProbeResult closed = probe.check(Duration.ofSeconds(5));

        assertThat(closed).isEqualTo(ProbeResult.unhealthy("tcp 127.0.0.1:" + port + ": Connection refused"));
    }

    @Test
    void anUnknownHost_saysSo() throws Exception {
        ProbeResult r = Probe.of(TcpCheckConfig.of("no-such-host.invalid", 80), ProbeTarget.NONE).check(Duration.ofSeconds(5));

        assertThat(r).isEqualTo(ProbeResult.unhealthy("tcp no-such-host.invalid:80: unknown host 'no-such-host.invalid'"));
    }

    @Test
    void aHostName_isResolved_andConnects() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();

            ProbeResult r = Probe.of(TcpCheckConfig.of("localhost", port), ProbeTarget.NONE).check(Duration.ofSeconds(5));

            assertThat(r).isEqualTo(ProbeResult.healthy("tcp localhost:" + port + ": connected"));
        }
    }

    @Test
    void aListenerWhoseBacklogIsFull_isNoAnswerWithinTheTimeout() throws Exception {
        // Linux drops SYNs to a listener whose accept queue is full, so a connect hangs.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            List<Socket> filling = new ArrayList<>();
            try {
                fillBacklog(port, filling);
                Probe probe = Probe.of(TcpCheckConfig.of("127.0.0.1", port), ProbeTarget.NONE);

                ProbeResult r = probe.check(Duration.ofMillis(200));

                assertThat(r).isEqualTo(ProbeResult.unhealthy("tcp 127.0.0.1:" + port + ": no answer within 200ms"));
            } finally {
                for (Socket s : filling) {
                    s.close();
                }
            }
        }
    }

    @Test
    void manyChecksAtOnce_allConnect() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            NonBlockingProbe probe = (NonBlockingProbe) Probe.of(TcpCheckConfig.of("127.0.0.1", port), ProbeTarget.NONE);
            List<CompletableFuture<ProbeResult>> results = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                CompletableFuture<ProbeResult> r = new CompletableFuture<>();
                probe.start(Duration.ofSeconds(5), r::complete);
                results.add(r);
            }

            for (CompletableFuture<ProbeResult> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(ProbeResult.healthy("tcp 127.0.0.1:" + port + ": connected"));
            }
        }
    }

    @Test
    void aCancelledCheck_neverAnswers() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            List<Socket> filling = new ArrayList<>();
            try {
                fillBacklog(port, filling);
                NonBlockingProbe probe = (NonBlockingProbe) Probe.of(TcpCheckConfig.of("127.0.0.1", port), ProbeTarget.NONE);
                CompletableFuture<ProbeResult> cancelled = new CompletableFuture<>();
                CompletableFuture<ProbeResult> timedOut = new CompletableFuture<>();

                assertThat(probe.start(Duration.ofMillis(100), cancelled::complete).cancel()).isTrue();
                probe.start(Duration.ofMillis(100), timedOut::complete);

                assertThat(timedOut.get(5, TimeUnit.SECONDS).healthy()).isFalse();
                assertThat(cancelled).isNotDone();
            } finally {
                for (Socket s : filling) {
                    s.close();
                }
            }
        }
    }

    @Test
    void ipLiterals_areRecognised_andNamesAreNot() {
        assertThat(List.of("127.0.0.1", "10.255.0.9", "::1", "[::1]", "fe80::1")).allMatch(TcpProbe::isIpLiteral);
        assertThat(List.of("localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "010.1.1.1", "1..2.3", "a.b.c.d", "example.com"))
                .noneMatch(TcpProbe::isIpLiteral);
    }

    /** Connects until a connect times out: the accept queue is then full (nobody accepts). */
    private static void fillBacklog(int port, List<Socket> filling) throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
                filling.add(s);
            } catch (SocketTimeoutException e) {
                s.close();
                return;
            }
        }
        throw new IllegalStateException("the backlog of port " + port + " never filled");
    }
}
