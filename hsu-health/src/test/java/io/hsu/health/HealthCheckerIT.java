package io.hsu.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checker on the real scheduler and executors, against a real HTTP endpoint and real commands. */
@Tag("process")
final class HealthCheckerIT {
    @TempDir
    Path dir;

    @Test
    void anEndpointThatTurns503_failsLiveness_whileAnUnreadyOneOnlyFlagsReadiness() throws Exception {
        AtomicInteger liveStatus = new AtomicInteger(200);
        AtomicInteger readyStatus = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/live", e -> {
            e.sendResponseHeaders(liveStatus.get(), -1);
            e.close();
        });
        server.createContext("/ready", e -> {
            e.sendResponseHeaders(readyStatus.get(), -1);
            e.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        HealthConfig config = HealthConfig.builder()
                .readiness(ProbeConfig.builder(HttpCheckConfig.builder(base + "/ready").build())
                        .period(Duration.ofMillis(100)).failureThreshold(2).build())
                .liveness(ProbeConfig.builder(HttpCheckConfig.builder(base + "/live").build())
                        .period(Duration.ofMillis(100)).failureThreshold(2).build())
                .build();
        List<HealthEvent> events = new CopyOnWriteArrayList<>();
        try (HealthChecker checker = HealthChecker.create(WorkerId.of("web"), config, Scheduler.system(), ProbeTarget.NONE)) {
            checker.events().subscribe(events::add);
            checker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> checker.snapshot().ready()
                    && checker.snapshot().liveness() == HealthStatus.HEALTHY);

            readyStatus.set(503);
            await().atMost(Duration.ofSeconds(10)).until(() -> !checker.snapshot().ready());
            assertThat(events).noneMatch(e -> e instanceof HealthEvent.LivenessFailed);

            liveStatus.set(503);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e instanceof HealthEvent.LivenessFailed));

            HealthEvent.LivenessFailed failed = (HealthEvent.LivenessFailed) events.stream()
                    .filter(e -> e instanceof HealthEvent.LivenessFailed).findFirst().orElseThrow();
            assertThat(failed.reason()).isEqualTo("liveness probe http GET " + base + "/live failed 2 times in a row: http GET "
                    + base + "/live: HTTP 503 (expected 200..299)");
            assertThat(checker.snapshot().liveness()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(checker.snapshot().lastLatency()).isPositive();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void close_killsAnExecCheckThatIsStillRunning() throws Exception {
        Path leader = dir.resolve("leader");
        ExecCheckConfig slow = ExecCheckConfig.of("/bin/sh", "-c", "echo $$ > " + leader + "; exec sleep 60");
        HealthConfig config = HealthConfig.builder()
                .liveness(ProbeConfig.builder(slow).timeout(Duration.ofSeconds(60)).period(Duration.ofSeconds(60)).build())
                .build();
        HealthChecker checker = HealthChecker.create(WorkerId.of("batch"), config, Scheduler.system(), ProbeTarget.NONE);
        checker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(leader) && Files.size(leader) > 0);
        long pid = Long.parseLong(Files.readString(leader).trim());
        try {
            assertThat(ProcessHandle.of(pid)).isPresent();

            checker.close();

            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aStartupProbeThatNeverPasses_failsTheStartWithItsReason() throws Exception {
        Path never = dir.resolve("never-created");
        HealthConfig config = HealthConfig.builder()
                .startup(ProbeConfig.builder(FileCheckConfig.exists(never)).period(Duration.ofMillis(50)).failureThreshold(3).build())
                .build();
        List<HealthEvent> events = new CopyOnWriteArrayList<>();
        try (HealthChecker checker = HealthChecker.create(WorkerId.of("db"), config, Scheduler.system(), ProbeTarget.NONE)) {
            checker.events().subscribe(events::add);
            checker.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> checker.snapshot().startupFailure().isPresent());

            assertThat(checker.snapshot().startupFailure()).contains(
                    "startup probe file " + never + " failed 3 times in a row: file " + never + ": does not exist");
            assertThat(events).filteredOn(e -> e instanceof HealthEvent.StartupFailed).hasSize(1);
        }
    }

    @Test
    void aTcpLivenessProbe_isHealthyWhileTheListenerIsOpen_andFailsOnceItCloses() throws Exception {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = listener.getLocalPort();
        HealthConfig config = HealthConfig.builder()
                .liveness(ProbeConfig.builder(TcpCheckConfig.of("127.0.0.1", port))
                        .period(Duration.ofMillis(50)).failureThreshold(2).build())
                .build();
        List<HealthEvent> events = new CopyOnWriteArrayList<>();
        try (HealthChecker checker = HealthChecker.create(WorkerId.of("cache"), config, Scheduler.system(), ProbeTarget.NONE)) {
            checker.events().subscribe(events::add);
            checker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> checker.snapshot().liveness() == HealthStatus.HEALTHY);
            assertThat(checker.snapshot().lastMessage()).isEqualTo("tcp 127.0.0.1:" + port + ": connected");

            listener.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e instanceof HealthEvent.LivenessFailed));

            HealthEvent.LivenessFailed failed = (HealthEvent.LivenessFailed) events.stream()
                    .filter(e -> e instanceof HealthEvent.LivenessFailed).findFirst().orElseThrow();
            assertThat(failed.reason()).isEqualTo("liveness probe tcp 127.0.0.1:" + port
                    + " failed 2 times in a row: tcp 127.0.0.1:" + port + ": Connection refused");
            assertThat(checker.snapshot().liveness()).isEqualTo(HealthStatus.UNHEALTHY);
        } finally {
            listener.close();
        }
    }
}
