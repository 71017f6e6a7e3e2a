package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.hsu.core.WorkerId;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.statemachine.WorkerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/** Random start / stop / restart sequences against a tiny model, on real processes. */
@Tag("process")
final class ProcessControlModelIT {
    enum Command { START, STOP, RESTART, FORCED_RESTART }

    private static Gen<Command> commands() {
        return integers().between(0, Command.values().length - 1).map(i -> Command.values()[i]);
    }

    @TempDir
    Path dir;

    @Test
    void randomCommands_endInTheModelsState_andLeaveNoProcessBehind() {
        qt().withExamples(8).withShrinkCycles(5).forAll(lists().of(commands()).ofSizeBetween(1, 12))
                .checkAssert(cmds -> {
                    WorkerId id = Fixtures.uniqueId("model");
                    List<ProcessIdentity> seen = new ArrayList<>();
                    try (ProcessControl worker = ProcessControl.builder(Fixtures.config(id, dir, Path.of("/bin/sleep"), "1000")
                            .build()).build()) {
                        WorkerState model = WorkerState.REGISTERED;
                        for (Command c : cmds) {
                            CompletableFuture<?> done;
                            switch (c) {
                                case START:
                                    done = worker.start();
                                    model = WorkerState.RUNNING;
                                    break;
                                case STOP:
                                    done = worker.stop();
                                    model = WorkerState.STOPPED;
                                    break;
                                case RESTART:
                                    done = worker.restart(false);
                                    model = WorkerState.RUNNING;
                                    break;
                                default:
                                    done = worker.restart(true);
                                    model = WorkerState.RUNNING;
                                    break;
                            }
                            done.join();
                            assertThat(worker.snapshot().state()).as("after %s in %s", c, cmds).isEqualTo(model);
                            // A fresh process's environment is readable a moment after its exec.
                            long expected = model == WorkerState.RUNNING ? 1 : 0;
                            Command command = c;
                            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                                    Fixtures.processesOf(id).stream().filter(p -> !p.isZombie()).count())
                                    .as("processes after %s in %s: %s", command, cmds, worker.snapshot())
                                    .isEqualTo(expected));
                            seen.addAll(Fixtures.processesOf(id));
                        }
                    }
                    assertThat(seen).noneMatch(Fixtures::exists);
                });
    }
}
