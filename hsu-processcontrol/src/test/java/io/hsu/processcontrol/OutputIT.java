package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.logs.OutputCollector;
import io.hsu.statemachine.WorkerState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output goes through FIFOs that outlive the reader (DESIGN.md "Output outlives the master"). */
@Tag("process")
final class OutputIT {
    @TempDir
    Path dir;

    @Test
    void worker_keepsRunning_whenNobodyReadsItsFifoAnymore() {
        Path chatty = Fixtures.script(dir, "chatty.sh", "while true; do echo line; echo err >&2; sleep 0.01; done");
        OutputCollector collector = OutputCollector.discarding();
        try (ProcessControl worker = ProcessControl.builder(Fixtures.config(Fixtures.uniqueId("chatty"), dir, chatty)
                .build()).outputCollector(collector).build()) {
            long pid = worker.start().join().pid().getAsLong();

            collector.close();   // the master's reader is gone

            // No SIGPIPE: the child holds a read end of its own FIFOs; it writes into the pipe buffer.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> worker.snapshot().state() == WorkerState.RUNNING
                            && worker.snapshot().pid().getAsLong() == pid);
            assertThat(worker.stop().join().state()).isEqualTo(WorkerState.STOPPED);
        }
    }
}
