package io.hsu.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Java 17 probe pool: never more threads than its cap, and nothing queued is lost. */
final class BoundedPoolTest {

    @Test
    void moreTasksThanThreads_allRun_onAtMostMaxThreads() throws Exception {
        ProbeExecutors.BoundedPool pool = new ProbeExecutors.BoundedPool(4);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(100);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();

        for (int i = 0; i < 100; i++) {
            pool.execute(() -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                done.countDown();
            });
        }
        assertThat(pool.threads()).isEqualTo(4);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 4);   // the threads may start late
        release.countDown();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(peak.get()).isEqualTo(4);
    }
}
