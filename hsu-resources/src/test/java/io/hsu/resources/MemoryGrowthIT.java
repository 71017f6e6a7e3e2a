package io.hsu.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.FakeScheduler;
import io.hsu.core.WorkerId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real process grows past max_rss; the windows run on a fake clock. A spike shorter than the
 * sustained window only warns; a sustained excursion gets the restart decision.
 */
@Tag("process")
final class MemoryGrowthIT {
    private static final long MIB = 1 << 20;
    private final Fixtures fixtures = new Fixtures();
    private final FakeScheduler scheduler = new FakeScheduler();
    private final UsageSampler sampler = UsageSampler.forCurrentPlatform();

    @AfterEach
    void cleanUp() {
        fixtures.close();
    }

    /** Grows by 150 MiB on "grow", frees it on "free". */
    private Process grower() {
        Process p = fixtures.start(Fixtures.python("""
                import sys
                held = None
                print('ready', flush=True)
                for line in sys.stdin:
                    held = b'x' * (150 << 20) if line.strip() == 'grow' else None
                    print('ok', flush=True)
                """));
        assertThat(Fixtures.readLine(p)).isEqualTo("ready");
        return p;
    }

    private void setAndWait(Process p, String command, boolean above) {
        Fixtures.send(p, command);
        assertThat(Fixtures.readLine(p)).isEqualTo("ok");
        SampleTarget target = SampleTarget.tree(p.pid());
        await().atMost(Duration.ofSeconds(10)).until(() -> (sampler.sample(target).rssBytes() > 100 * MIB) == above);
    }

    @Test
    void spikeShorterThanWindow_warnsOnly_sustainedGetsRestartDecision() {
        Process p = grower();
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, 100 * MIB)
                .policy(LimitCategory.MEMORY, LimitPolicy.RESTART)
                .monitoring(MonitoringConfig.DEFAULT.withInterval(Duration.ofSeconds(1))).build();
        List<ResourceEvent> events = new CopyOnWriteArrayList<>();
        try (ResourceMonitor monitor = ResourceMonitor.builder(WorkerId.of("grower"), p.pid()).limits(limits)
                .windows(new ViolationWindows(Duration.ofSeconds(2), Duration.ofSeconds(30)))
                .scheduler(scheduler).executor(Runnable::run).build()) {
            monitor.events().subscribe(events::add);
            monitor.start();
            scheduler.advance(Duration.ofSeconds(5));
            assertThat(events).isEmpty();

            // a 20-second spike
            setAndWait(p, "grow", true);
            scheduler.advance(Duration.ofSeconds(20));
            setAndWait(p, "free", false);
            scheduler.advance(Duration.ofSeconds(5));
            assertThat(events).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("ResourceWarning", "ResourceRecovered");

            // sustained
            events.clear();
            setAndWait(p, "grow", true);
            scheduler.advance(Duration.ofSeconds(29));
            assertThat(events).noneMatch(ResourceViolation.class::isInstance);
            scheduler.advance(Duration.ofSeconds(2));

            ResourceViolation v = events.stream().filter(ResourceViolation.class::isInstance)
                    .map(ResourceViolation.class::cast).findFirst().orElseThrow();
            assertThat(v.decision().policy()).isEqualTo(LimitPolicy.RESTART);
            assertThat(v.window()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
            assertThat(v.value()).isGreaterThan(150.0 * MIB);
            assertThat(monitor.history()).isNotEmpty();
        }
    }
}
