package io.hsu.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class FakeSchedulerTest {
    private final FakeScheduler scheduler = new FakeScheduler();

    @Test
    void advance_runsDueTasksInTimeOrder_atTheirTime() {
        List<String> ran = new ArrayList<>();
        scheduler.schedule(() -> ran.add("b@" + scheduler.now()), Duration.ofSeconds(2));
        scheduler.schedule(() -> ran.add("a@" + scheduler.now()), Duration.ofSeconds(1));
        scheduler.schedule(() -> ran.add("c"), Duration.ofSeconds(5));

        scheduler.advance(Duration.ofSeconds(3));

        assertThat(ran).containsExactly("a@2026-01-01T00:00:01Z", "b@2026-01-01T00:00:02Z");
        assertThat(scheduler.now()).isEqualTo("2026-01-01T00:00:03Z");
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void fixedDelay_repeatsUntilCancelled() {
        List<Long> runs = new ArrayList<>();
        Scheduler.Cancellable handle = scheduler.scheduleWithFixedDelay(
                () -> runs.add(scheduler.now().getEpochSecond() % 60), Duration.ofSeconds(1), Duration.ofSeconds(2));

        scheduler.advance(Duration.ofSeconds(6));
        assertThat(runs).containsExactly(1L, 3L, 5L);

        assertThat(handle.cancel()).isTrue();
        assertThat(handle.cancel()).isFalse();
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(runs).hasSize(3);
    }

    @Test
    void taskScheduledByATask_runsInTheSameAdvanceWhenDue() {
        List<String> ran = new ArrayList<>();
        scheduler.schedule(() -> scheduler.schedule(() -> ran.add("inner"), Duration.ofSeconds(1)), Duration.ofSeconds(1));

        scheduler.advance(Duration.ofSeconds(2));

        assertThat(ran).containsExactly("inner");
    }

    @Test
    void nanoTime_movesWithTheClock() {
        long before = scheduler.nanoTime();
        scheduler.advance(Duration.ofMillis(1500));
        assertThat(scheduler.nanoTime() - before).isEqualTo(1_500_000_000L);
    }
}
