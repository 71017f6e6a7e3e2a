package io.hsu.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class SerialExecutorTest {
    @Test
    void tasksRunOneAtATime_inSubmissionOrderPerSubmitter() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor("test", pool);
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger maxInside = new AtomicInteger();
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            int tasks = 20_000;
            CountDownLatch done = new CountDownLatch(tasks);

            for (int i = 0; i < tasks; i++) {
                int n = i;
                serial.execute(() -> {
                    maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    order.add(n);
                    inside.decrementAndGet();
                    done.countDown();
                });
            }

            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(maxInside.get()).isEqualTo(1);
            assertThat(order).isSorted().hasSize(tasks);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manySubmitters_noTaskLost() throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        try {
            SerialExecutor serial = new SerialExecutor("test");
            int perSubmitter = 5_000;
            CountDownLatch done = new CountDownLatch(8 * perSubmitter);
            int[] unguardedCounter = new int[1]; // safe only because tasks never overlap
            for (int s = 0; s < 8; s++) {
                submitters.execute(() -> {
                    for (int i = 0; i < perSubmitter; i++) {
                        serial.execute(() -> {
                            unguardedCounter[0]++;
                            done.countDown();
                        });
                    }
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            CountDownLatch read = new CountDownLatch(1);
            int[] seen = new int[1];
            serial.execute(() -> {
                seen[0] = unguardedCounter[0];
                read.countDown();
            });
            assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen[0]).isEqualTo(8 * perSubmitter);
        } finally {
            submitters.shutdownNow();
        }
    }

    @Test
    void failingTask_doesNotStopTheNext() throws Exception {
        SerialExecutor serial = new SerialExecutor("test");
        CountDownLatch ran = new CountDownLatch(1);
        serial.execute(() -> {
            throw new IllegalStateException("boom");
        });
        serial.execute(ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void inExecutor_isTrueOnlyInsideATask() throws Exception {
        SerialExecutor serial = new SerialExecutor("test");
        CountDownLatch done = new CountDownLatch(1);
        boolean[] inside = new boolean[1];
        serial.execute(() -> {
            inside[0] = serial.inExecutor();
            done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(inside[0]).isTrue();
        assertThat(serial.inExecutor()).isFalse();
    }
}
