package io.hsu.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.posix.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hsu run} end to end: the real jar, real workers, real signals. */
@Tag("process")
final class RunIT {
    private static final Duration LONG = Duration.ofSeconds(30);
    /** Lines a SIGKILLed master may have printed but not yet removed from the FIFO (a sanity bound: 1 s of the counter). */
    private static final int REPEATED_AT_KILL = 100;

    @TempDir
    Path dir;

    private final String marker = HsuProcess.newMarker();

    @AfterEach
    void killEverything() throws InterruptedException {
        HsuProcess.killEverything(marker);
    }

    private static Path example(String name) {
        return Path.of("..", "examples", name).toAbsolutePath().normalize();
    }

    @Test
    void quickstart_runs_restartsAKilledWorker_andLeavesNothingBehindOnSigterm() throws Exception {
        HsuProcess hsu = HsuProcess.start(dir, marker, "run", example("quickstart.yaml").toString(),
                "--state-dir", dir.resolve("state").toString());

        await().atMost(LONG).until(() -> hsu.runningPid("web") > 0 && hsu.runningPid("reporter") > 0
                && hsu.runningPid("chatty") > 0 && hsu.runningPid("flaky") > 0);
        assertThat(hsu.err()).contains(" web liveness unknown -> healthy (http GET http://127.0.0.1:18080/: HTTP 200)");
        long chatty = hsu.runningPid("chatty");

        new ProcessBuilder("kill", "-KILL", Long.toString(chatty)).start().waitFor();

        await().atMost(LONG).until(() -> hsu.runningPid("chatty") != chatty && hsu.runningPid("chatty") > 0);
        assertThat(hsu.err()).contains(" chatty running -> restarting (killed by SIGKILL; restart 1 of 3 in ");
        assertThat(hsu.out()).contains("web | Serving HTTP on 127.0.0.1 port 18080");

        hsu.signal("TERM");

        assertThat(hsu.awaitExit(30)).isZero();
        assertThat(hsu.err()).contains(" hsu stopped");
        await().atMost(Duration.ofSeconds(5)).until(() -> HsuProcess.processesWith(marker).isEmpty());
    }

    @Test
    void secondMasterOnTheSameStateDirectory_exits3NamingTheFirst() throws Exception {
        Path config = dir.resolve("sleep.yaml");
        Files.writeString(config, "workers:\n  - id: sleeper\n    type: managed\n"
                + "    unit: { managed: { metadata: { name: s }, control: { execution: { executable_path: /bin/sleep, args: ['600'] } } } }\n");
        HsuProcess first = HsuProcess.start(dir, marker, "run", config.toString(), "--state-dir", dir.resolve("state").toString());
        await().atMost(LONG).until(() -> first.runningPid("sleeper") > 0);

        HsuProcess second = HsuProcess.start(dir, marker, "run", "-c", config.toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(second.awaitExit(30)).isEqualTo(3);
        assertThat(second.err()).contains("hsu: another master (pid " + first.process.pid() + ") holds the state directory "
                + dir.resolve("state"));
        assertThat(first.process.isAlive()).isTrue();
        first.signal("TERM");
        assertThat(first.awaitExit(30)).isZero();
    }

    @Test
    void dependencies_waitForHealthy() throws Exception {
        HsuProcess hsu = HsuProcess.start(dir, marker, "run", example("dependencies.yaml").toString(),
                "--state-dir", dir.resolve("state").toString());

        await().atMost(LONG).until(() -> hsu.runningPid("frontend") > 0);
        String err = hsu.err();
        assertThat(err).contains(" frontend waiting for api (healthy)")
                .contains(" api waiting for migrate (completed_successfully)");
        assertThat(err.indexOf(" migrate running -> exited (exited 0)")).isLessThan(err.indexOf(" api registered -> starting"));
        assertThat(err.indexOf(" api readiness unknown -> healthy")).as(err).isLessThan(err.indexOf(" frontend registered -> starting"));

        hsu.signal("TERM");
        assertThat(hsu.awaitExit(30)).isZero();
        String stopped = hsu.err();
        assertThat(stopped.indexOf(" frontend stopping -> stopped")).isLessThan(stopped.indexOf(" api running -> stopping"));
    }

    @Test
    void sigkilledMaster_nextOneReadoptsSurvivors_startsTheRest_andLosesNoLine() throws Exception {
        Path config = dir.resolve("readopt.yaml");
        Files.writeString(config, "workers:\n"
                + "  - id: counter\n    type: managed\n    unit: { managed: { metadata: { name: c }, control: { execution: {"
                + " executable_path: /bin/sh, args: ['-c', 'i=0; while true; do i=$((i+1)); echo \"n $i\"; sleep 0.01; done'] } } } }\n"
                + "  - id: sleeper\n    type: managed\n    unit: { managed: { metadata: { name: s }, control: { execution: {"
                + " executable_path: /bin/sleep, args: ['600'] } } } }\n");
        String state = dir.resolve("state").toString();
        HsuProcess first = HsuProcess.start(dir, marker, "run", config.toString(), "--state-dir", state);
        await().atMost(LONG).until(() -> first.runningPid("counter") > 0 && first.runningPid("sleeper") > 0
                && numbers(first.out()).size() > 20);
        long counter = first.runningPid("counter");
        long sleeper = first.runningPid("sleeper");

        first.process.destroyForcibly();
        first.awaitExit(10);
        ProcessHandle.of(sleeper).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(LONG).until(() -> ProcessHandle.of(sleeper).map(p -> !p.isAlive()).orElse(true));

        HsuProcess second = HsuProcess.start(dir, marker, "run", config.toString(), "--state-dir", state);
        await().atMost(LONG).until(() -> second.runningPid("sleeper") > 0 && second.runningPid("counter") > 0);
        int before = numbers(second.out()).size();
        await().atMost(LONG).until(() -> numbers(second.out()).size() > before + 50);

        assertThat(second.err()).contains(" counter starting -> running (pid " + counter + ", adopted)");
        assertThat(second.runningPid("counter")).isEqualTo(counter);
        assertThat(second.runningPid("sleeper")).isNotEqualTo(sleeper);
        // one sleeper (the counter's own short sleeps are not it)
        assertThat(HsuProcess.processesWith(marker).stream().filter(pid -> ProcessHandle.of(pid)
                .flatMap(p -> p.info().arguments()).map(a -> List.of(a).equals(List.of("600"))).orElse(false)))
                .as("first:%n%s%nsecond:%n%s%nprocesses:%n%s", first.err(), second.err(), HsuProcess.describe(marker)).hasSize(1);
        assertThat(HsuProcess.processesWith(marker).stream().filter(pid -> ProcessHandle.of(pid)
                .flatMap(p -> p.info().arguments()).map(a -> a.length > 1 && a[0].equals("-c")).orElse(false))).hasSize(1);

        second.signal("TERM");
        assertThat(second.awaitExit(30)).isZero();
        // No line is lost: each master's lines are gapless, and the second one starts at most right
        // after the first one's last line. A line leaves the FIFO only after it was printed, so the
        // lines printed but not yet removed from the FIFO at the instant of SIGKILL are printed again
        // by the second master (at-least-once): the one allowed irregularity is that repeated run.
        assertNoLineLost(first.out(), second.out());
    }

    @Test
    void masterWithBlockedStdout_sigkilled_nextOnePrintsTheLinesItHeldUnprinted() throws Exception {
        Path config = dir.resolve("blocked.yaml");
        Files.writeString(config, "workers:\n"
                + "  - id: counter\n    type: managed\n    unit: { managed: { metadata: { name: c }, control: { execution: {"
                + " executable_path: /bin/sh, args: ['-c', 'i=0; while true; do i=$((i+1)); echo \"n $i\"; sleep 0.01; done'] } } } }\n");
        String state = dir.resolve("state").toString();
        // The first master prints into a one-page pipe that the test stops reading: its output
        // blocks, and the lines it goes on reading from the counter's FIFO wait in its queue.
        Posix posix = Posix.get();
        Path stdout = dir.resolve("first.stdout");
        posix.mkfifo(stdout, 0600);
        int reader = posix.open(stdout, Posix.O_RDONLY | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
        StringBuilder printed = new StringBuilder();
        try {
            posix.setPipeSize(reader, 4096);
            HsuProcess first = HsuProcess.start(dir, marker, stdout, "run", config.toString(), "--state-dir", state);
            await().atMost(LONG).until(() -> first.runningPid("counter") > 0 && numbers(drain(posix, reader, printed)).size() > 20);
            long counter = first.runningPid("counter");
            await().during(Duration.ofSeconds(4)).atMost(LONG).until(first.process::isAlive);   // 4 KiB fill in ~2.5 s

            first.process.destroyForcibly();
            first.awaitExit(10);
            drain(posix, reader, printed);

            HsuProcess second = HsuProcess.start(dir, marker, "run", config.toString(), "--state-dir", state);
            await().atMost(LONG).until(() -> second.runningPid("counter") > 0 && numbers(second.out()).size() > 50);
            assertThat(second.runningPid("counter")).isEqualTo(counter);
            second.signal("TERM");
            assertThat(second.awaitExit(30)).isZero();

            assertNoLineLost(printed.toString(), second.out());
        } finally {
            posix.close(reader);
        }
    }

    private static String drain(Posix posix, int fd, StringBuilder into) {
        byte[] buf = new byte[65536];
        for (int n; (n = posix.read(fd, buf, 0, buf.length)) > 0; ) {
            into.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
        }
        return into.toString();
    }

    /**
     * The counter's lines printed by a SIGKILLed master and by the next one: each gapless, the
     * second starting at most right after the first's last line (a run repeated at the kill is allowed).
     */
    private static void assertNoLineLost(String firstOut, String secondOut) {
        List<Integer> firstLines = numbers(firstOut);
        List<Integer> secondLines = numbers(secondOut);
        assertGapless(firstLines, 1);
        int lastPrinted = firstLines.get(firstLines.size() - 1);
        assertThat(secondLines.get(0)).as("first line of the second master after %d", lastPrinted)
                .isBetween(Math.max(1, lastPrinted + 1 - REPEATED_AT_KILL), lastPrinted + 1);
        assertGapless(secondLines, secondLines.get(0));
    }

    private static void assertGapless(List<Integer> lines, int firstExpected) {
        assertThat(lines).isNotEmpty();
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("line %d of %d", i, lines.size()).isEqualTo(firstExpected + i);
        }
    }

    private static List<Integer> numbers(String out) {
        List<Integer> result = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^counter \\| n (\\d+)$").matcher(out);
        while (m.find()) {
            result.add(Integer.parseInt(m.group(1)));
        }
        return result;
    }

    @Test
    void limits_areApplied() throws Exception {
        Path config = dir.resolve("limits.yaml");
        Files.writeString(config, "workers:\n  - id: limited\n    type: managed\n"
                + "    unit: { managed: { metadata: { name: l }, control: { execution: { executable_path: /bin/sh,"
                + " args: ['-c', 'echo nofile=$(ulimit -n); exec sleep 600'] },"
                + " limits: { process: { max_file_descriptors: 64, policy: log } } } } }\n");
        HsuProcess hsu = HsuProcess.start(dir, marker, "run", config.toString(), "--state-dir", dir.resolve("state").toString());

        await().atMost(LONG).until(() -> hsu.out().contains("limited | nofile="));
        assertThat(hsu.out()).contains("limited | nofile=64");

        hsu.signal("TERM");
        assertThat(hsu.awaitExit(30)).isZero();
    }

    @Test
    void integratedWorker_getsAPort_andIsCheckedOverGrpcHealth() throws Exception {
        Path state = dir.resolve("state");
        HsuProcess hsu = HsuProcess.start(dir, marker, "run", example("integrated.yaml").toString(), "--state-dir", state.toString());

        await().atMost(LONG).until(() -> hsu.err().contains(": SERVING)"));
        String port = Files.readString(state.resolve("health.port")).strip();
        assertThat(hsu.err()).contains(" health liveness ").contains("(grpc 127.0.0.1:" + port + ": SERVING)");
        assertThat(hsu.out()).contains("health | example-health-server: serving grpc.health.v1 on port " + port);

        hsu.signal("TERM");
        assertThat(hsu.awaitExit(30)).isZero();
    }

    @Test
    void sigint_stopsCleanly_likeCtrlC() throws Exception {
        Path config = dir.resolve("sleep.yaml");
        Files.writeString(config, "workers:\n  - id: sleeper\n    type: managed\n"
                + "    unit: { managed: { metadata: { name: s }, control: { execution: { executable_path: /bin/sleep, args: ['600'] } } } }\n");
        HsuProcess hsu = HsuProcess.start(dir, marker, "run", config.toString(), "--state-dir", dir.resolve("state").toString());
        await().atMost(LONG).until(() -> hsu.runningPid("sleeper") > 0);
        long sleeper = hsu.runningPid("sleeper");

        hsu.signal("INT");

        assertThat(hsu.awaitExit(30)).isZero();
        assertThat(hsu.err()).contains(" sleeper stopping -> stopped").contains(" hsu stopped");
        assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void validate_rejectsACycle() throws IOException, InterruptedException {
        Path config = dir.resolve("cycle.yaml");
        Files.writeString(config, "workers:\n"
                + "  - { id: a, type: managed, depends_on: [b], unit: { managed: { metadata: { name: a }, control: { execution: { executable_path: /bin/true } } } } }\n"
                + "  - { id: b, type: managed, depends_on: [a], unit: { managed: { metadata: { name: b }, control: { execution: { executable_path: /bin/true } } } } }\n");
        HsuProcess hsu = HsuProcess.start(dir, marker, "validate", config.toString());
        assertThat(hsu.awaitExit(30)).isEqualTo(2);
        assertThat(hsu.err()).isEqualTo(config + ":3:42: workers[1].depends_on[0]: dependency cycle: a -> b -> a\n1 problem\n");
    }
}
