package io.hsu.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hsu.health.HttpCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.ProbeTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http probe against a JDK HttpServer on 127.0.0.1 whose answer flips between 200, 503 and a hang. */
final class HttpProbeTest {
    enum Answer { OK, UNAVAILABLE, HANG }

    private final AtomicReference<Answer> answer = new AtomicReference<>(Answer.OK);
    private final AtomicReference<String> lastHeader = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private ExecutorService serverThreads;
    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/health", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        lastHeader.set(exchange.getRequestHeaders().getFirst("X-Probe"));
        switch (answer.get()) {
            case HANG:
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            case UNAVAILABLE:
                respond(exchange, 503, "starting");
                return;
            default:
                respond(exchange, 200, "status: OK");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private ProbeResult check(HttpCheckConfig config, Duration timeout) throws InterruptedException {
        try (Probe probe = Probe.of(config, ProbeTarget.NONE)) {
            return probe.check(timeout);
        }
    }

    @Test
    void flipsBetweenHealthyAndUnhealthy_withTheStatusInTheMessage() throws Exception {
        HttpCheckConfig config = HttpCheckConfig.builder(base + "/health").header("X-Probe", "hsu").build();

        ProbeResult ok = check(config, Duration.ofSeconds(5));
        answer.set(Answer.UNAVAILABLE);
        ProbeResult unavailable = check(config, Duration.ofSeconds(5));
        answer.set(Answer.OK);
        ProbeResult okAgain = check(config, Duration.ofSeconds(5));

        assertThat(ok).isEqualTo(ProbeResult.healthy("http GET " + base + "/health: HTTP 200"));
        assertThat(unavailable).isEqualTo(ProbeResult.unhealthy("http GET " + base + "/health: HTTP 503 (expected 200..299)"));
        assertThat(okAgain.healthy()).isTrue();
        assertThat(lastHeader.get()).isEqualTo("hsu");
    }

    @Test
    void aHangingServer_failsWithinTheTimeout() throws Exception {
        answer.set(Answer.HANG);
        long start = System.nanoTime();

        ProbeResult r = check(HttpCheckConfig.builder(base + "/health").build(), Duration.ofMillis(300));

        assertThat(r).isEqualTo(ProbeResult.unhealthy("http GET " + base + "/health: no answer within 300ms"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void expectedStatusAndBody_areChecked() throws Exception {
        answer.set(Answer.UNAVAILABLE);
        assertThat(check(HttpCheckConfig.builder(base + "/health").expectedStatus(503, 503).build(), Duration.ofSeconds(5)).healthy())
                .isTrue();
        answer.set(Answer.OK);
        assertThat(check(HttpCheckConfig.builder(base + "/health").bodyContains("OK").build(), Duration.ofSeconds(5)).healthy())
                .isTrue();
        assertThat(check(HttpCheckConfig.builder(base + "/health").bodyContains("ready").build(), Duration.ofSeconds(5)))
                .isEqualTo(ProbeResult.unhealthy("http GET " + base + "/health: HTTP 200 but the body does not contain 'ready'"));
    }

    @Test
    void aClosedPort_failsWithTheReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProbeResult r = check(HttpCheckConfig.builder("http://127.0.0.1:" + port + "/").build(), Duration.ofSeconds(5));

        assertThat(r.healthy()).isFalse();
        assertThat(r.message()).startsWith("http GET http://127.0.0.1:" + port + "/: cannot connect: ");
    }

    @Test
    void aMissingCaFile_isAnUnhealthyResultThatSaysSo() throws Exception {
        HttpCheckConfig config = HttpCheckConfig.builder("https://127.0.0.1:1/").caFile(java.nio.file.Path.of("/nonexistent/ca.pem")).build();

        ProbeResult r = check(config, Duration.ofSeconds(1));

        assertThat(r).isEqualTo(ProbeResult.unhealthy(
                "http GET https://127.0.0.1:1/: cannot load the CA file /nonexistent/ca.pem: /nonexistent/ca.pem"));
    }
}
