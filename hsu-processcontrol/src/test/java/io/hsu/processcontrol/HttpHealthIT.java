package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.health.HealthConfig;
import io.hsu.health.HealthSnapshot;
import io.hsu.health.HttpCheckConfig;
import io.hsu.health.ProbeConfig;
import io.hsu.statemachine.WorkerState;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 end to end: a real managed worker (python3's HTTP server) serving the files of a
 * directory; deleting {@code health} makes its liveness endpoint answer 404, deleting {@code ready}
 * only its readiness endpoint. Liveness failure restarts the worker; unreadiness only shows.
 */
@Tag("process")
final class HttpHealthIT {
    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ProbeConfig http(int port, String path) {
        return ProbeConfig.builder(HttpCheckConfig.builder("http://127.0.0.1:" + port + "/" + path).build())
                .period(Duration.ofMillis(200)).timeout(Duration.ofSeconds(1)).failureThreshold(2).build();
    }

    private ProcessControl server(WorkerId id, int port, HealthConfig health) throws IOException {
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("health"), "ok");
        Files.writeString(www.resolve("ready"), "ok");
        RestartConfig restart = RestartConfig.builder().jitter(0).startupGracePeriod(Duration.ZERO)
                .healthFailures(RetryBudget.of(3, Duration.ofMillis(50), 1.0)).build();
        return ProcessControl.builder(Fixtures.config(id, dir, Path.of("/usr/bin/python3"),
                        "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1", "--directory", www.toString())
                .restart(restart).build())
                .extension(HealthExtension.of(health, Scheduler.system()))
                .build();
    }

    @Test
    void unhealthyHttpEndpoint_restartsTheWorker() throws Exception {
        int port = freePort();
        HealthConfig health = HealthConfig.builder().startup(http(port, "health").toBuilder().failureThreshold(50).build())
                .liveness(http(port, "health")).build();
        List<ProcessEvent> events = new CopyOnWriteArrayList<>();
        try (ProcessControl worker = server(Fixtures.uniqueId("http-live"), port, health)) {
            worker.events().subscribe(events::add);
            worker.start().join();
            await().atMost(Duration.ofSeconds(20)).until(() -> worker.snapshot().state() == WorkerState.RUNNING);
            long first = worker.snapshot().pid().getAsLong();

            Files.delete(dir.resolve("www/health"));

            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e instanceof ProcessEvent.RestartScheduled));
            Files.writeString(dir.resolve("www/health"), "ok");
            ProcessEvent.RestartScheduled scheduled = (ProcessEvent.RestartScheduled) events.stream()
                    .filter(e -> e instanceof ProcessEvent.RestartScheduled).findFirst().orElseThrow();
            assertThat(scheduled.trigger()).isEqualTo(RestartTrigger.HEALTH_FAILURE);
            await().atMost(Duration.ofSeconds(20)).until(() -> worker.snapshot().state() == WorkerState.RUNNING
                    && worker.snapshot().pid().getAsLong() != first);
            await().atMost(Duration.ofSeconds(5)).until(() -> ProcessIdentity.read((int) first).isEmpty());
        }
    }

    @Test
    void unreadyHttpEndpoint_isShown_butNeverRestarted() throws Exception {
        int port = freePort();
        HealthConfig health = HealthConfig.builder().startup(http(port, "health").toBuilder().failureThreshold(50).build())
                .readiness(http(port, "ready")).liveness(http(port, "health")).build();
        List<ProcessEvent> events = new CopyOnWriteArrayList<>();
        try (ProcessControl worker = server(Fixtures.uniqueId("http-ready"), port, health)) {
            worker.events().subscribe(events::add);
            worker.start().join();
            await().atMost(Duration.ofSeconds(20)).until(() -> worker.snapshot().state() == WorkerState.RUNNING
                    && health(worker).ready());
            long pid = worker.snapshot().pid().getAsLong();

            Files.delete(dir.resolve("www/ready"));

            await().atMost(Duration.ofSeconds(10)).until(() -> !health(worker).ready());
            // Liveness keeps passing meanwhile: several more periods go by without a restart.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !health(worker).ready());
            assertThat(health(worker).liveness()).isEqualTo(io.hsu.health.HealthStatus.HEALTHY);
            assertThat(events).noneMatch(e -> e instanceof ProcessEvent.RestartScheduled);
            assertThat(worker.snapshot().state()).isEqualTo(WorkerState.RUNNING);
            assertThat(worker.snapshot().pid().getAsLong()).isEqualTo(pid);
        }
    }

    private static HealthSnapshot health(ProcessControl worker) {
        return (HealthSnapshot) worker.status().extensions().get("health");
    }
}
