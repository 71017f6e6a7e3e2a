package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hsu.core.ExitStatus;
import io.hsu.core.WorkerId;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.statemachine.WorkerSnapshot;
import io.hsu.statemachine.WorkerState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
final class ProcessControlIT {
    @TempDir
    Path dir;

    @Test
    void stop_treeWithGrandchildrenAndSetsidDaemon_leavesNothing() throws Exception {
        // given: a worker with two grandchildren and a double-forked daemon that left the session
        WorkerId id = Fixtures.uniqueId("tree");
        Path tree = Fixtures.script(dir, "tree.sh",
                "sleep 1000 &\nsleep 1001 &\n( setsid sleep 1002 & )\nwait");
        try (ProcessControl worker = ProcessControl.builder(Fixtures.config(id, dir, tree).build()).build()) {
            worker.start().join();
            await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.processesOf(id).size() >= 4);
            List<ProcessIdentity> seen = Fixtures.processesOf(id);
            assertThat(seen).anyMatch(p -> p.session() != worker.snapshot().pid().getAsLong());   // the daemon

            // when
            WorkerSnapshot stopped = worker.stop().join();

            // then
            assertThat(stopped.state()).isEqualTo(WorkerState.STOPPED);
            assertThat(seen).noneMatch(Fixtures::exists);
            assertThat(Fixtures.zombieChildren()).isEmpty();
        }
    }

    @Test
    void close_stopsTheWholeTree() {
        WorkerId id = Fixtures.uniqueId("close");
        Path tree = Fixtures.script(dir, "tree.sh", "sleep 1000 &\n( setsid sleep 1002 & )\nwait");
        List<ProcessIdentity> seen;
        try (ProcessControl worker = ProcessControl.builder(Fixtures.config(id, dir, tree).build()).build()) {
            worker.start().join();
            await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.processesOf(id).size() >= 3);
            seen = Fixtures.processesOf(id);
        }
        assertThat(seen).noneMatch(Fixtures::exists);
        assertThat(Fixtures.zombieChildren()).isEmpty();
    }

    @Test
    void stop_childIgnoringSigterm_isKilledAfterTheGracePeriod_andTheReasonSaysSo() {
        WorkerId id = Fixtures.uniqueId("stubborn");
        Path stubborn = Fixtures.script(dir, "stubborn.sh", "trap '' TERM\nsleep 1000");
        ProcessConfig config = Fixtures.config(id, dir, stubborn).gracefulTimeout(Duration.ofMillis(500)).build();
        try (ProcessControl worker = ProcessControl.builder(config).build()) {
            worker.start().join();
            await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.processesOf(id).size() >= 2);
            List<ProcessIdentity> seen = Fixtures.processesOf(id);
            long began = System.nanoTime();

            WorkerSnapshot stopped = worker.stop().join();

            assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            assertThat(stopped.state()).isEqualTo(WorkerState.STOPPED);
            assertThat(stopped.reason()).startsWith("stopped: SIGKILL after the graceful timeout of 500ms (");
            assertThat(stopped.lastExit()).contains(ExitStatus.signaled(9));
            assertThat(seen).noneMatch(Fixtures::exists);
        }
    }

    @Test
    void exitStatus_killedBySignal9_isToldApartFromExit137() {
        Path killed = Fixtures.script(dir, "killed.sh", "kill -9 $$");
        Path exited = Fixtures.script(dir, "exited.sh", "exit 137");
        RestartConfig never = RestartConfig.builder().mode(RestartMode.NEVER).build();
        try (ProcessControl a = ProcessControl.builder(Fixtures.config(Fixtures.uniqueId("k"), dir, killed)
                        .restart(never).build()).build();
             ProcessControl b = ProcessControl.builder(Fixtures.config(Fixtures.uniqueId("e"), dir, exited)
                     .restart(never).build()).build()) {
            a.start().join();
            b.start().join();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.snapshot().state() == WorkerState.EXITED
                    && b.snapshot().state() == WorkerState.EXITED);
            assertThat(a.snapshot().lastExit()).contains(ExitStatus.signaled(9));
            assertThat(b.snapshot().lastExit()).contains(ExitStatus.exited(137));
            assertThat(b.snapshot().reason()).isEqualTo("exited 137; restart_policy is never");
        }
    }

    @Test
    void pidFile_holdsPidAndStartTime_andIsRemovedOnStop() throws Exception {
        WorkerId id = Fixtures.uniqueId("pid");
        Path sleeper = Fixtures.script(dir, "sleeper.sh", "exec sleep 1000");
        ProcessConfig config = Fixtures.config(id, dir, sleeper).build();
        try (ProcessControl worker = ProcessControl.builder(config).build()) {
            long pid = worker.start().join().pid().getAsLong();
            List<String> lines = Files.readAllLines(config.pidFile(), StandardCharsets.US_ASCII);
            assertThat(lines).containsExactly(Long.toString(pid),
                    Long.toString(ProcessIdentity.read((int) pid).orElseThrow().startTimeTicks()));
            worker.stop().join();
            assertThat(config.pidFile()).doesNotExist();
        }
    }

    @Test
    void start_pidFileNamingTheLiveProcess_adoptsItInsteadOfSpawningTwice() throws Exception {
        WorkerId id = Fixtures.uniqueId("adopt");
        Process sleep = new ProcessBuilder("sleep", "1000").start();
        try {
            ProcessIdentity identity = ProcessIdentity.read((int) sleep.pid()).orElseThrow();
            ProcessConfig config = Fixtures.config(id, dir, Path.of("/bin/sleep"), "1000").build();
            Files.writeString(config.pidFile(), sleep.pid() + "\n" + identity.startTimeTicks() + "\n");
            List<ProcessEvent> events = new CopyOnWriteArrayList<>();
            try (ProcessControl worker = ProcessControl.builder(config).build()) {
                worker.events().subscribe(events::add);
                WorkerSnapshot running = worker.start().join();
                assertThat(running.pid()).hasValue(sleep.pid());
                assertThat(worker.status().adopted()).isTrue();
                assertThat(events).first().isEqualTo(new ProcessEvent.Started(id, ((ProcessEvent.Started) events.get(0)).at(),
                        running.sequence(), sleep.pid(), true));
                worker.stop().join();
                assertThat(sleep.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(sleep.exitValue()).isEqualTo(128 + 15);   // the JDK still got its child's status
            }
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void start_pidFileNamingARecycledPid_isRefusedAndNeverSignalled() throws Exception {
        WorkerId id = Fixtures.uniqueId("recycled");
        Process stranger = new ProcessBuilder("sleep", "1000").start();
        try {
            long realStart = ProcessIdentity.read((int) stranger.pid()).orElseThrow().startTimeTicks();
            ProcessConfig config = Fixtures.config(id, dir, Path.of("/bin/sleep"), "1000").build();
            Files.writeString(config.pidFile(), stranger.pid() + "\n" + (realStart - 100) + "\n");
            try (ProcessControl worker = ProcessControl.builder(config).build()) {
                WorkerSnapshot running = worker.start().join();
                assertThat(running.pid().getAsLong()).isNotEqualTo(stranger.pid());
                assertThat(worker.status().adopted()).isFalse();
                worker.stop().join();
            }
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly();
            stranger.waitFor();
        }
    }

    @Test
    void output_100MbOnStdoutAndStderrWhileNobodyReadsLogs_neverBlocks() {
        Path writer = Fixtures.script(dir, "writer.sh",
                "head -c 100000000 /dev/zero\nhead -c 100000000 /dev/zero >&2\nexit 0");
        ProcessConfig config = Fixtures.config(Fixtures.uniqueId("flood"), dir, writer)
                .restart(RestartConfig.builder().mode(RestartMode.NEVER).build()).build();
        try (ProcessControl worker = ProcessControl.builder(config).build()) {
            worker.start().join();
            await().atMost(Duration.ofSeconds(60)).until(() -> worker.snapshot().state() == WorkerState.EXITED);
            assertThat(worker.snapshot().lastExit()).contains(ExitStatus.exited(0));
        }
    }

    @Test
    void restart_manual_givesANewProcess() {
        Path sleeper = Fixtures.script(dir, "sleeper.sh", "exec sleep 1000");
        try (ProcessControl worker = ProcessControl.builder(
                Fixtures.config(Fixtures.uniqueId("manual"), dir, sleeper).build()).build()) {
            long first = worker.start().join().pid().getAsLong();
            WorkerSnapshot again = worker.restart(false).join();
            assertThat(again.state()).isEqualTo(WorkerState.RUNNING);
            assertThat(again.pid().getAsLong()).isNotEqualTo(first);
            assertThat(again.restartCount()).isEqualTo(1);
            assertThat(ProcessIdentity.read((int) first)).isEmpty();
        }
    }

    @Test
    void start_hostileInput_saysWhatIsWrongWithWhichPath() throws Exception {
        Path missing = dir.resolve("missing");
        Path notExecutable = Files.writeString(dir.resolve("plain.txt"), "hello");
        assertStartFails(ExecutionConfig.of(missing), "worker 'bad': cannot start '" + missing + "': no such file");
        assertStartFails(ExecutionConfig.of(dir), "worker 'bad': cannot start '" + dir + "': it is a directory");
        assertStartFails(ExecutionConfig.of(notExecutable), "worker 'bad': cannot start '" + notExecutable
                + "': permission denied (mode rw-r--r--); check the file mode and 'user'");
        assertStartFails(ExecutionConfig.builder(Path.of("/bin/true")).workingDirectory(dir.resolve("nowhere")).build(),
                "worker 'bad': working directory '" + dir.resolve("nowhere") + "' does not exist");
    }

    private void assertStartFails(ExecutionConfig execution, String message) {
        ProcessConfig config = ProcessConfig.builder(WorkerId.of("bad")).stateDirectory(dir).execution(execution).build();
        try (ProcessControl worker = ProcessControl.builder(config).build()) {
            assertThatThrownBy(() -> worker.start().join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(SpawnFailedException.class).hasMessage(message);
            assertThat(worker.snapshot().state()).isEqualTo(WorkerState.FAILED);
            assertThat(worker.snapshot().reason()).isEqualTo(message);
        }
    }

    @Test
    void start_argsWithSpacesAndUnicode_andEnvironmentWithEqualsInValues_arriveIntact() throws Exception {
        Path out = dir.resolve("seen.txt");
        Path echo = Fixtures.script(dir, "echo.sh",
                "for a in \"$@\"; do printf '[%s]\\n' \"$a\" >> '" + out + "'; done\n"
                        + "printf 'B=%s\\n' \"$B\" >> '" + out + "'\nprintf 'HOME=%s\\n' \"${HOME-unset}\" >> '" + out + "'\n"
                        + "pwd >> '" + out + "'");
        ExecutionConfig execution = ExecutionConfig.builder(echo).args("two words", "ünïcødé ✓", "")
                .environment(List.of("B=x=y==z")).inheritEnvironment(false).workingDirectory(Path.of("/tmp")).build();
        ProcessConfig config = ProcessConfig.builder(Fixtures.uniqueId("args")).stateDirectory(dir).execution(execution)
                .restart(RestartConfig.builder().mode(RestartMode.NEVER).build()).build();
        try (ProcessControl worker = ProcessControl.builder(config).build()) {
            worker.start().join();
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.EXITED);
        }
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8))
                .containsExactly("[two words]", "[ünïcødé ✓]", "[]", "B=x=y==z", "HOME=unset", "/tmp");
    }
}
