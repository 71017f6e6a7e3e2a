package io.hsu.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.health.ExecCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.ProbeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec probe with real shell scripts; every process group it starts must be gone afterwards. */
@Tag("process")
final class ExecProbeIT {
    @TempDir
    Path dir;

    private final List<Long> pidsToReap = new ArrayList<>();

    @AfterEach
    void nothingLeftBehind() {
        for (long pid : pidsToReap) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static ProbeResult check(ExecCheckConfig config, Duration timeout) throws InterruptedException {
        try (Probe probe = Probe.of(config, ProbeTarget.NONE)) {
            return probe.check(timeout);
        }
    }

    private static ExecCheckConfig sh(String script) {
        return ExecCheckConfig.of("/bin/sh", "-c", script);
    }

    /** A script that records its own pid and a background child's pid, then sleeps. */
    private ExecCheckConfig sleeper() {
        return sh("sleep 60 & echo $! > " + dir.resolve("child") + "; echo $$ > " + dir.resolve("leader")
                + "; echo waiting; wait");
    }

    private long pidIn(String name) throws Exception {
        long pid = Long.parseLong(Files.readString(dir.resolve(name)).trim());
        pidsToReap.add(pid);
        return pid;
    }

    private static void assertGone(long pid) {
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void exitZero_isHealthy_withItsOutput() throws Exception {
        ProbeResult r = check(sh("echo all good; exit 0"), Duration.ofSeconds(10));

        assertThat(r).isEqualTo(ProbeResult.healthy("exec /bin/sh -c echo all good; exit 0: exit 0: all good"));
    }

    @Test
    void exitOne_isUnhealthy_withStderrInTheMessage() throws Exception {
        ProbeResult r = check(sh("echo database down >&2; exit 1"), Duration.ofSeconds(10));

        assertThat(r).isEqualTo(ProbeResult.unhealthy("exec /bin/sh -c echo database down >&2; exit 1: exit 1: database down"));
    }

    @Test
    void aCommandPastItsTimeout_hasItsWholeProcessGroupKilled() throws Exception {
        long start = System.nanoTime();

        ProbeResult r = check(sleeper(), Duration.ofMillis(700));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.healthy()).isFalse();
        assertThat(r.message()).isEqualTo(sleeper().describe() + ": no answer within 700ms; killed its process group; output: waiting");
        assertGone(pidIn("leader"));
        assertGone(pidIn("child"));
    }

    @Test
    void backgroundChildrenOfAPassingCheck_doNotOutliveIt() throws Exception {
        ProbeResult r = check(sh("sleep 60 & echo $! > " + dir.resolve("child") + "; exit 0"), Duration.ofSeconds(10));

        assertThat(r.healthy()).isTrue();
        assertGone(pidIn("child"));
    }

    @Test
    void closingTheProbe_killsTheRunningCommand() throws Exception {
        Probe probe = Probe.of(sleeper(), ProbeTarget.NONE);
        CompletableFuture<ProbeResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return probe.check(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("child")) && Files.size(dir.resolve("child")) > 0
                && Files.exists(dir.resolve("leader")) && Files.size(dir.resolve("leader")) > 0);

        probe.close();

        ProbeResult r = running.get(10, TimeUnit.SECONDS);
        assertThat(r.message()).isEqualTo(sleeper().describe() + ": exit 137: waiting");
        assertGone(pidIn("leader"));
        assertGone(pidIn("child"));
    }

    @Test
    void interruptingTheCheck_killsTheCommand() throws Exception {
        Probe probe = Probe.of(sleeper(), ProbeTarget.NONE);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread checker = new Thread(() -> {
            try {
                probe.check(Duration.ofSeconds(60));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        checker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("leader")) && Files.size(dir.resolve("leader")) > 0
                && Files.exists(dir.resolve("child")) && Files.size(dir.resolve("child")) > 0);

        checker.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertGone(pidIn("leader"));
        assertGone(pidIn("child"));
        probe.close();
    }

    @Test
    void aMissingCommand_saysSo() throws Exception {
        assertThat(check(ExecCheckConfig.of("/nonexistent/check"), Duration.ofSeconds(1))).isEqualTo(
                ProbeResult.unhealthy("exec /nonexistent/check: cannot run '/nonexistent/check': no such executable file"));
        assertThat(check(ExecCheckConfig.of("no-such-check-command"), Duration.ofSeconds(1))).isEqualTo(ProbeResult.unhealthy(
                "exec no-such-check-command: cannot run 'no-such-check-command': no such executable file on PATH"));
    }

    @Test
    void aCommandOnPath_isFound_andHugeOutputIsBounded() throws Exception {
        ProbeResult r = check(ExecCheckConfig.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' a; exit 3"), Duration.ofSeconds(10));

        assertThat(r.healthy()).isFalse();
        String prefix = "exec sh -c head -c 1000000 /dev/zero | tr '\\0' a; exit 3: exit 3: ";
        assertThat(r.message()).startsWith(prefix).endsWith("...");
        assertThat(r.message()).hasSize(prefix.length() + Messages.MAX_DETAIL + 3);
    }
}
