package io.hsu.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
final class ProcSamplerIT {
    private static final long MIB = 1 << 20;
    private final Fixtures fixtures = new Fixtures();
    private final UsageSampler sampler = UsageSampler.forCurrentPlatform();

    @AfterEach
    void cleanUp() {
        fixtures.close();
    }

    @Test
    void tree_sumsChildren_leaderOnlyDoesNot() {
        // given: 60 MiB in the leader, three sleeping children
        Process p = fixtures.start(Fixtures.python("""
                import subprocess, sys
                b = b'x' * (60 << 20)
                kids = [subprocess.Popen(['sleep', '600']) for _ in range(3)]
                print('ready', flush=True)
                sys.stdin.readline()
                """));
        assertThat(Fixtures.readLine(p)).isEqualTo("ready");

        RawUsage tree = sampler.sample(SampleTarget.tree(p.pid()));
        RawUsage leader = sampler.sample(SampleTarget.leader(p.pid()));

        assertThat(tree.processes()).isEqualTo(4);
        assertThat(sampler.pids(SampleTarget.tree(p.pid()))).hasSize(4).startsWith(p.pid());
        assertThat(leader.processes()).isEqualTo(1);
        assertThat(leader.rssBytes()).isGreaterThan(60 * MIB);
        assertThat(tree.rssBytes()).isGreaterThan(leader.rssBytes());
        assertThat(tree.threads()).isGreaterThanOrEqualTo(4);
        assertThat(leader.openFileDescriptors()).isGreaterThanOrEqualTo(3);
        assertThat(tree.virtualBytes()).isGreaterThan(leader.virtualBytes());
        // OSHI reads the same kernel numbers
        RawUsage oshi = UsageSampler.oshi().sample(SampleTarget.leader(p.pid()));
        assertThat((double) oshi.rssBytes()).isCloseTo(leader.rssBytes(), within(4.0 * MIB));
        assertThat(oshi.threads()).isEqualTo(leader.threads());
    }

    @Test
    void cpuPercent_ofBusyLoop_nearOneCore() {
        Process p = fixtures.start(Fixtures.python("while True: pass"));
        SampleTarget target = SampleTarget.leader(p.pid());
        RawUsage first = sampler.sample(target);
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> sampler.sample(target).cpuTimeNanos() - first.cpuTimeNanos() > 500_000_000L);
        RawUsage second = sampler.sample(target);
        long elapsed = System.nanoTime() - start;

        ResourceUsage usage = ResourceUsage.of(java.time.Instant.now(), second, first, elapsed);

        assertThat(usage.cpuPercent()).isBetween(40.0, 105.0);
    }

    @Test
    void io_writeCallsAndBytesCounted() {
        Process p = fixtures.start(Fixtures.python("""
                import os, sys, tempfile
                fd, path = tempfile.mkstemp()
                for _ in range(200):
                    os.write(fd, b'y' * 65536)
                os.fsync(fd); os.close(fd); os.unlink(path)
                print('done', flush=True)
                sys.stdin.readline()
                """));
        assertThat(Fixtures.readLine(p)).isEqualTo("done");

        RawUsage usage = sampler.sample(SampleTarget.leader(p.pid()));

        assertThat(usage.writeOps()).isGreaterThanOrEqualTo(200);
        assertThat(usage.writeBytes()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void goneProcess_isNone() {
        Process p = fixtures.start(java.util.List.of("/bin/true"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !p.isAlive());
        assertThat(sampler.sample(SampleTarget.tree(p.pid()))).isEqualTo(RawUsage.NONE);
        assertThat(sampler.pids(SampleTarget.tree(p.pid()))).isEmpty();
    }
}
