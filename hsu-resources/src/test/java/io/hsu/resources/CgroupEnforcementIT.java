package io.hsu.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real cgroups on this machine: v1 memory, cpu and pids with an empty v2 hierarchy beside them. */
@Tag("process")
final class CgroupEnforcementIT {
    private static final long MIB = 1 << 20;
    private final Fixtures fixtures = new Fixtures();
    private final EnforcementConfig required = EnforcementConfig.DEFAULT.withCgroup(CgroupMode.REQUIRED)
            .withCgroupParent(Fixtures.uniqueParent());

    @AfterAll
    static void noCgroupLeftBehind() {
        assertThat(Fixtures.leftoverCgroups()).isEmpty();
    }

    @AfterEach
    void cleanUp() {
        fixtures.close();
        assertThat(fixtures.cgroupParents()).noneMatch(Files::exists);
    }

    @Test
    void memoryLimit_immediateKill_oomKilledAndReportedSo() throws Exception {
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, 64 * MIB)
                .policy(LimitCategory.MEMORY, LimitPolicy.IMMEDIATE_KILL).build();
        PreparedEnforcement e = fixtures.prepare("oom", limits, required);
        Path memoryDir = e.cgroupDirectories().stream().filter(d -> d.toString().contains("/memory/")).findFirst()
                .orElseThrow();
        assertThat(Files.readString(memoryDir.resolve("memory.limit_in_bytes")).trim()).isEqualTo(Long.toString(64 * MIB));

        Process p = fixtures.start(e.wrap(Fixtures.python("b = b'x' * (256 << 20)\nprint('survived')")));

        assertThat(p.waitFor()).isEqualTo(128 + 9);
        assertThat(e.isOomKilled()).isTrue();
    }

    @Test
    void withinMemoryLimit_notOomKilled() throws Exception {
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, 256 * MIB)
                .policy(LimitCategory.MEMORY, LimitPolicy.IMMEDIATE_KILL).build();
        PreparedEnforcement e = fixtures.prepare("fits", limits, required);

        Process p = fixtures.start(e.wrap(Fixtures.python("b = b'x' * (16 << 20)")));

        assertThat(p.waitFor()).isZero();
        assertThat(e.isOomKilled()).isFalse();
    }

    @Test
    void childJoinsEveryCgroup_killTakesTheWholeTree() {
        PreparedEnforcement e = fixtures.prepare("tree", ResourceLimits.builder().limit(LimitKind.PROCESSES, 50).build(),
                required);
        Process p = fixtures.start(e.wrap(List.of("/bin/sh", "-c", "sleep 600 & sleep 600 & echo started; wait")));
        assertThat(Fixtures.readLine(p)).isEqualTo("started");
        await().atMost(Duration.ofSeconds(5)).until(() -> e.pids().length == 3);
        for (Path procs : e.cgroupProcsFiles()) {
            assertThat(read(procs)).as(procs.toString()).contains(Long.toString(p.pid()));
        }
        // sampling by the cgroup finds the same three
        assertThat(UsageSampler.forCurrentPlatform().sample(e.sampleTarget(p.pid(), SamplingScope.TREE)).processes())
                .isEqualTo(3);

        assertThat(e.kill()).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> !p.isAlive() && e.pids().length == 0);
        assertThat(p.exitValue()).isEqualTo(128 + 9);
    }

    @Test
    void pidsMax_limitsForks() {
        PreparedEnforcement e = fixtures.prepare("forks", ResourceLimits.builder().limit(LimitKind.PROCESSES, 5).build(),
                required);
        Process p = fixtures.start(e.wrap(Fixtures.python("""
                import os, sys, time
                forked = 0
                try:
                    for _ in range(20):
                        if os.fork() == 0:
                            time.sleep(600); os._exit(0)
                        forked += 1
                except OSError as err:
                    print('forked', forked, err.errno == 11, flush=True)
                sys.stdin.readline()
                """)));

        assertThat(Fixtures.readLine(p)).isEqualTo("forked 4 True");
        e.close();   // kills the sleepers and removes the cgroups
        assertThat(e.cgroupDirectories()).noneMatch(Files::exists);
    }

    @Test
    void close_removesEveryCgroup() {
        PreparedEnforcement e = fixtures.prepare("gone", ResourceLimits.NONE, required);
        assertThat(e.cgroupDirectories()).isNotEmpty().allMatch(Files::isDirectory);

        e.close();

        assertThat(e.cgroupDirectories()).noneMatch(Files::exists);
    }

    @Test
    void v2CgroupUsedForKillEvenWithoutControllers() {
        Path unified = Path.of("/sys/fs/cgroup/unified");
        Assumptions.assumeTrue(Files.exists(unified.resolve("cgroup.procs")),
                "no cgroup v2 hierarchy at " + unified);
        PreparedEnforcement e = fixtures.prepare("v2", ResourceLimits.NONE, required);
        assertThat(e.cgroupProcsFiles().get(0)).startsWith(unified);
        assertThat(e.cgroupDirectories().get(0).resolve("cgroup.kill")).exists();
    }

    @Test
    void freeze_stopsTheWholeWorker_thawResumes() {
        Assumptions.assumeTrue(Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.procs")), "no cgroup v2 hierarchy");
        PreparedEnforcement e = fixtures.prepare("freeze", ResourceLimits.NONE, required);
        Process p = fixtures.start(e.wrap(List.of("/bin/sh", "-c", "while :; do :; done")));
        UsageSampler sampler = UsageSampler.forCurrentPlatform();
        SampleTarget target = e.sampleTarget(p.pid(), SamplingScope.TREE);

        assertThat(e.freeze(true)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(e::isFrozen);
        long frozenAt = sampler.sample(target).cpuTimeNanos();
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
        assertThat(sampler.sample(target).cpuTimeNanos()).isEqualTo(frozenAt);

        assertThat(e.freeze(false)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !e.isFrozen() && sampler.sample(target).cpuTimeNanos() > frozenAt);
    }

    @Test
    void auto_withoutCgroupFileSystem_degradesWithReason() {
        EnforcementConfig auto = new EnforcementConfig(CgroupMode.AUTO, "hsu", true, Path.of("/nonexistent-cgroup-root"));
        PreparedEnforcement e = fixtures.prepare("auto", ResourceLimits.NONE, auto);

        assertThat(e.hasCgroup()).isFalse();
        assertThat(e.degradedReason()).hasValue("worker 'auto': cannot make a cgroup: no cgroup file system is mounted "
                + "under /nonexistent-cgroup-root; running with monitoring only");
        assertThatThrownBy(() -> Enforcement.prepare(io.hsu.core.WorkerId.of("req"), ResourceLimits.NONE,
                auto.withCgroup(CgroupMode.REQUIRED)))
                .isInstanceOf(EnforcementException.class)
                .hasMessage("worker 'req': cannot make a cgroup: no cgroup file system is mounted under /nonexistent-cgroup-root");
    }

    @Test
    void leftoverCgroupWithProcesses_refused() {
        PreparedEnforcement first = fixtures.prepare("busy", ResourceLimits.NONE, required);
        Process p = fixtures.start(first.wrap(List.of("/bin/sh", "-c", "echo up; exec sleep 600")));
        assertThat(Fixtures.readLine(p)).isEqualTo("up");

        assertThatThrownBy(() -> Enforcement.prepare(io.hsu.core.WorkerId.of("busy"), ResourceLimits.NONE, required))
                .isInstanceOf(EnforcementException.class)
                .hasMessageStartingWith("worker 'busy': cgroup " + first.cgroupDirectories().get(0) + " is still in use by pids "
                        + p.pid());
    }

    private static String read(Path file) {
        try {
            return Files.readAllLines(file).stream().collect(Collectors.joining(" "));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
