package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hsu.core.ExitStatus;
import io.hsu.core.FakeScheduler;
import io.hsu.core.WorkerId;
import io.hsu.statemachine.WorkerState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts of real crashing processes; the policy's time is a fake clock, the processes are real. */
@Tag("process")
final class CrashLoopIT {
    @TempDir
    Path dir;

    @Test
    void crashLoop_followsTheConfiguredDelays_thenOpensTheCircuit() {
        // given: exit 3 at once, 3 restarts of 1s x 2^n within 10m, no jitter
        FakeScheduler time = new FakeScheduler();
        WorkerId id = Fixtures.uniqueId("crash");
        Path crash = Fixtures.script(dir, "crash.sh", "exit 3");
        RestartConfig restart = RestartConfig.builder().processExits(RetryBudget.of(3, Duration.ofSeconds(1), 2.0))
                .jitter(0).build();
        List<ProcessEvent> events = new CopyOnWriteArrayList<>();
        try (ProcessControl worker = ProcessControl.builder(Fixtures.config(id, dir, crash).restart(restart).build())
                .scheduler(time).build()) {
            worker.events().subscribe(events::add);

            // when
            worker.start().join();
            for (Duration delay : List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.RESTARTING);
                assertThat(time.pendingDelays()).containsExactly(delay);
                time.advance(delay);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.FAILED);

            // then
            assertThat(events.stream().filter(e -> e instanceof ProcessEvent.RestartScheduled)
                    .map(e -> ((ProcessEvent.RestartScheduled) e).delay()).collect(Collectors.toList()))
                    .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
            assertThat(events.stream().filter(e -> e instanceof ProcessEvent.Exited).count()).isEqualTo(4);
            Instant firstRestart = Instant.parse("2026-01-01T00:00:00Z");
            ProcessEvent.CircuitOpened open = (ProcessEvent.CircuitOpened) events.get(events.size() - 1);
            assertThat(open.retryAt()).isEqualTo(firstRestart.plus(Duration.ofMinutes(10)));
            assertThat(worker.snapshot().reason()).isEqualTo("exited 3; circuit open: 3 of 3 process-exit restarts used"
                    + " within 10m; retry at 2026-01-01T00:10:00Z");
            assertThat(worker.snapshot().lastExit()).contains(ExitStatus.exited(3));
            assertThat(worker.snapshot().restartCount()).isEqualTo(3);
            assertThat(worker.status().circuitOpenUntil()).contains(open.retryAt());
            assertThatThrownBy(() -> worker.restart(false).join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ControlRefusedException.class)
                    .hasMessage("worker '" + id + "': restart refused: circuit open until 2026-01-01T00:10:00Z;"
                            + " use a forced restart to override");
        }
    }

    @Test
    void crashAfterStableUptime_startsTheBudgetAfresh() {
        FakeScheduler time = new FakeScheduler();
        WorkerId id = Fixtures.uniqueId("stable");
        Path marker = dir.resolve("crash-now");
        // Crashes at once while the marker exists; otherwise runs until the marker appears.
        Path flaky = Fixtures.script(dir, "flaky.sh",
                "while [ ! -e '" + marker + "' ]; do sleep 0.05; done\nexit 1");
        RestartConfig restart = RestartConfig.builder().processExits(RetryBudget.of(1, Duration.ofSeconds(1), 2.0))
                .jitter(0).resetAfter(Duration.ofMinutes(5)).build();
        try (ProcessControl worker = ProcessControl.builder(Fixtures.config(id, dir, flaky).restart(restart).build())
                .scheduler(time).build()) {
            worker.start().join();
            touch(marker);
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.RESTARTING);
            delete(marker);
            time.advance(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.RUNNING);

            // when: it runs 6 minutes (stable), then crashes again
            time.advance(Duration.ofMinutes(6));
            touch(marker);

            // then: the one-restart budget is available again
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.RESTARTING);
            assertThat(worker.snapshot().reason()).isEqualTo("exited 1; restart 1 of 1 in 1s");
            worker.stop().join();
        }
    }

    private static void touch(Path p) {
        try {
            java.nio.file.Files.writeString(p, "x");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path p) {
        try {
            java.nio.file.Files.deleteIfExists(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
