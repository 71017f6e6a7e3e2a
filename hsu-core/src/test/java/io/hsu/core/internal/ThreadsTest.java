package io.hsu.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class ThreadsTest {
    @Test
    void virtualThreads_followTheJdk() {
        assertThat(Threads.virtualThreadsAvailable()).isEqualTo(Runtime.version().feature() >= 21);
    }

    @Test
    void blockingExecutor_runsTasks_onNamedThreads() throws Exception {
        ExecutorService executor = Threads.blockingExecutor("probe");
        try {
            Future<String> name = executor.submit(() -> Thread.currentThread().getName());
            assertThat(name.get(10, TimeUnit.SECONDS)).startsWith("probe-");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void daemonFactory_makesDaemons() {
        Thread t = Threads.daemonFactory("x").newThread(() -> { });
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("x-1");
    }
}
