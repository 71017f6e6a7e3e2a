package io.hsu.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.hsu.health.GrpcCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.ProbeTarget;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The grpc probe against a grpc-java server with the standard health service on 127.0.0.1. */
final class GrpcProbeTest {
    private final HealthStatusManager health = new HealthStatusManager();
    private Server server;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(health.getHealthService())
                .build()
                .start();
        port = server.getPort();
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void servingStatus_flips_andUnknownServicesAreNamed() throws Exception {
        try (Probe whole = Probe.of(GrpcCheckConfig.of("127.0.0.1", port, ""), ProbeTarget.NONE);
             Probe echo = Probe.of(GrpcCheckConfig.of("127.0.0.1", port, "echo"), ProbeTarget.NONE)) {
            String at = "grpc 127.0.0.1:" + port;
            assertThat(whole.check(Duration.ofSeconds(5))).isEqualTo(ProbeResult.healthy(at + ": SERVING"));
            assertThat(echo.check(Duration.ofSeconds(5))).isEqualTo(ProbeResult.unhealthy(at + " service 'echo': unknown service 'echo'"));

            health.setStatus("echo", ServingStatus.SERVING);
            assertThat(echo.check(Duration.ofSeconds(5))).isEqualTo(ProbeResult.healthy(at + " service 'echo': SERVING"));

            health.setStatus("echo", ServingStatus.NOT_SERVING);
            assertThat(echo.check(Duration.ofSeconds(5))).isEqualTo(ProbeResult.unhealthy(at + " service 'echo': NOT_SERVING"));
        }
    }

    @Test
    void aStoppedServer_isUnavailable_andComingBackIsSeenAtOnce() throws Exception {
        try (Probe probe = Probe.of(GrpcCheckConfig.of("127.0.0.1", port, ""), ProbeTarget.NONE)) {
            assertThat(probe.check(Duration.ofSeconds(5)).healthy()).isTrue();
            server.shutdownNow();
            server.awaitTermination(10, TimeUnit.SECONDS);

            ProbeResult down = probe.check(Duration.ofSeconds(5));

            assertThat(down.healthy()).isFalse();
            assertThat(down.message()).startsWith("grpc 127.0.0.1:" + port + ": unavailable");
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .addService(health.getHealthService()).build().start();
            assertThat(probe.check(Duration.ofSeconds(5)).healthy()).isTrue();
        }
    }

    @Test
    void aServerThatNeverAnswers_failsAtTheDeadline() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            try (Probe probe = Probe.of(GrpcCheckConfig.of("127.0.0.1", silent.getLocalPort(), ""), ProbeTarget.NONE)) {
                ProbeResult r = probe.check(Duration.ofMillis(500));

                assertThat(r).isEqualTo(ProbeResult.unhealthy("grpc 127.0.0.1:" + silent.getLocalPort() + ": no answer within 500ms"));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void missingGrpcJava_isReportedWithWhatToAdd() {
        assertThat(GrpcSupport.firstMissing(getClass().getClassLoader(), "io.grpc.ManagedChannel", "io.grpc.health.v1.NoSuchStub"))
                .isEqualTo("io.grpc.health.v1.NoSuchStub");
        assertThat(GrpcSupport.firstMissing(getClass().getClassLoader(), "io.grpc.ManagedChannel", GrpcSupport.HEALTH_STUB)).isNull();
        assertThat(GrpcSupport.unavailableMessage(GrpcCheckConfig.of("127.0.0.1", 50051, ""), GrpcSupport.HEALTH_STUB))
                .isEqualTo("the grpc 127.0.0.1:50051 check needs grpc-java, but io.grpc.health.v1.HealthGrpc is not on the class path;"
                        + " add io.grpc:grpc-services and a transport such as io.grpc:grpc-netty-shaded");
    }
}
