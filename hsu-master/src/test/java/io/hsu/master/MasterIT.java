package io.hsu.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.WorkerId;
import io.hsu.master.config.WorkerConfig;
import io.hsu.statemachine.WorkerState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master's API on real processes: add, start, restart, stop and remove at run time. */
@Tag("process")
final class MasterIT {
    @TempDir
    Path stateDir;

    private WorkerState state(Master master, String id) {
        return master.worker(WorkerId.of(id)).orElseThrow().snapshot().state();
    }

    private long pid(Master master, String id) {
        return master.worker(WorkerId.of(id)).orElseThrow().snapshot().pid().orElse(-1);
    }

    @Test
    void workersAddedAtRunTime_run_restart_stop_andAreRemoved() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Master master = Master.builder().stateDirectory(stateDir).stdout(out).forceShutdownTimeout(Duration.ofSeconds(10)).build()) {
            master.add(WorkerConfig.managed("hello", Path.of("/bin/sh"), "-c", "echo hello from $$; exec sleep 600"));
            master.start(WorkerId.of("hello"));
            await().atMost(Duration.ofSeconds(20)).until(() -> state(master, "hello") == WorkerState.RUNNING);
            long first = pid(master, "hello");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> out.toString(StandardCharsets.UTF_8).contains("hello | hello from " + first));

            master.restart(WorkerId.of("hello"));
            await().atMost(Duration.ofSeconds(20)).until(() -> state(master, "hello") == WorkerState.RUNNING
                    && pid(master, "hello") != first);
            assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            long second = pid(master, "hello");

            assertThat(master.stop(WorkerId.of("hello")).join().state()).isEqualTo(WorkerState.STOPPED);
            assertThat(ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false)).isFalse();

            master.remove(WorkerId.of("hello")).join();
            assertThat(master.workers()).isEmpty();
        }
    }
}
