package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hsu.core.ExitStatus;
import io.hsu.core.WorkerId;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.statemachine.WorkerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unmanaged workers: found through a PID file or a name, verified by start time, controlled as allowed. */
@Tag("process")
final class AttachIT {
    private static final WorkerId PG = WorkerId.of("pg");

    @TempDir
    Path dir;

    @Test
    void attach_pidFileProblems_areReportedWithThePath() throws Exception {
        Path missing = dir.resolve("missing.pid");
        Path empty = Files.writeString(dir.resolve("empty.pid"), "\n");
        Path garbage = Files.writeString(dir.resolve("garbage.pid"), "not-a-pid\n");
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path deadPid = Files.writeString(dir.resolve("dead.pid"), dead.pid() + "\n");

        assertAttachFails(missing, "worker 'pg': PID file " + missing + " does not exist");
        assertAttachFails(empty, "worker 'pg': PID file " + empty + " is empty");
        assertAttachFails(garbage, "worker 'pg': PID file " + garbage
                + " must start with a process id > 1, but starts with 'not-a-pid'");
        assertAttachFails(deadPid, "worker 'pg': pid " + dead.pid() + " from PID file " + deadPid + " is not running");
    }

    @Test
    void attach_recycledPid_isRefusedAndNeverSignalled() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "1000").start();
        try {
            long start = ProcessIdentity.read((int) stranger.pid()).orElseThrow().startTimeTicks();
            Path file = Files.writeString(dir.resolve("x.pid"), stranger.pid() + "\n" + (start + 7) + "\n");
            assertAttachFails(file, "worker 'pg': pid " + stranger.pid() + " from PID file " + file
                    + " now belongs to another process (started at tick " + start + ", the file says " + (start + 7)
                    + "); the pid was recycled, refusing to touch it");
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly();
            stranger.waitFor();
        }
    }

    @Test
    void attach_withoutCanTerminate_refusesToStop_andDetectsTheExitOfANonChild() throws Exception {
        Process db = new ProcessBuilder("sleep", "1000").start();
        try {
            Path file = Files.writeString(dir.resolve("db.pid"), db.pid() + "\n");
            AttachConfig config = AttachConfig.pidFile(PG, file).build();
            try (ProcessControl worker = ProcessControl.attaching(config).build()) {
                assertThat(worker.start().join().pid()).hasValue(db.pid());
                assertThatThrownBy(() -> worker.stop().join()).cause().isInstanceOf(ControlRefusedException.class)
                        .hasMessage("worker 'pg': stop refused: control.can_terminate is false for this unmanaged worker");
                assertThatThrownBy(() -> worker.restart(false).join()).cause().isInstanceOf(ControlRefusedException.class)
                        .hasMessage("worker 'pg': restart refused: control.can_restart is false for this unmanaged worker");
                assertThat(db.isAlive()).isTrue();

                db.destroy();   // it goes away on its own

                await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.EXITED);
                assertThat(worker.snapshot().lastExit()).get().isInstanceOf(ExitStatus.Unknown.class);
            }
            assertThat(db.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(db.exitValue()).isEqualTo(143);   // the JDK kept its child's status
        } finally {
            db.destroyForcibly();
            db.waitFor();
        }
    }

    @Test
    void attach_withCanTerminate_stopsTheProcess() throws Exception {
        Process db = new ProcessBuilder("sleep", "1000").start();
        try {
            Path file = Files.writeString(dir.resolve("db.pid"), db.pid() + "\n");
            AttachConfig config = AttachConfig.pidFile(PG, file).canTerminate(true)
                    .gracefulTimeout(Duration.ofSeconds(2)).build();
            try (ProcessControl worker = ProcessControl.attaching(config).build()) {
                worker.start().join();
                assertThat(worker.stop().join().state()).isEqualTo(WorkerState.STOPPED);
            }
            assertThat(db.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            db.destroyForcibly();
            db.waitFor();
        }
    }

    @Test
    void attach_byCommandLine_findsTheProcess() throws Exception {
        String unique = "2000" + ProcessHandle.current().pid();
        Process db = new ProcessBuilder("sleep", unique).start();
        try {
            AttachConfig config = AttachConfig.pattern(PG, AttachConfig.Method.CMDLINE, "^sleep " + unique + "$").build();
            try (ProcessControl worker = ProcessControl.attaching(config).build()) {
                assertThat(worker.start().join().pid()).hasValue(db.pid());
            }
            AttachConfig none = AttachConfig.pattern(PG, AttachConfig.Method.PROCESS_NAME, "no-such-process-x").build();
            try (ProcessControl worker = ProcessControl.attaching(none).build()) {
                assertThatThrownBy(() -> worker.start().join()).cause().isInstanceOf(AttachFailedException.class)
                        .hasMessage("worker 'pg': no process named 'no-such-process-x'");
            }
        } finally {
            db.destroyForcibly();
            db.waitFor();
        }
    }

    private static void assertAttachFails(Path pidFile, String message) {
        try (ProcessControl worker = ProcessControl.attaching(AttachConfig.pidFile(PG, pidFile).build()).build()) {
            assertThatThrownBy(() -> worker.start().join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(AttachFailedException.class).hasMessage(message);
            assertThat(worker.snapshot().state()).isEqualTo(WorkerState.FAILED);
        }
    }
}
