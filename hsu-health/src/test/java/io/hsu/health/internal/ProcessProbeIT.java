package io.hsu.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.posix.ProcessIdentity;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.ProbeTarget;
import io.hsu.health.ProcessCheckConfig;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The process probe against a real child process. */
@Tag("process")
final class ProcessProbeIT {
    private Process child;

    @AfterEach
    void kill() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRunningProcess_isHealthy_untilItIsGone() throws Exception {
        child = new ProcessBuilder("sleep", "60").start();
        long pid = child.pid();
        Probe probe = Probe.of(ProcessCheckConfig.worker(), ProbeTarget.ofPid(pid));

        assertThat(probe.check(Duration.ofSeconds(1))).isEqualTo(ProbeResult.healthy("process " + pid + " is running"));
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);

        assertThat(probe.check(Duration.ofSeconds(1))).isEqualTo(ProbeResult.unhealthy("process " + pid + " is gone"));
    }

    @Test
    void aPidWithAnotherStartTime_isARecycledPid() throws Exception {
        child = new ProcessBuilder("sleep", "60").start();
        long pid = child.pid();
        long ticks = ProcessIdentity.read((int) pid).orElseThrow().startTimeTicks();
        ProbeTarget target = new ProbeTarget() {
            @Override
            public OptionalLong pid() {
                return OptionalLong.of(pid);
            }

            @Override
            public OptionalLong startTimeTicks() {
                return OptionalLong.of(ticks - 1);
            }
        };

        ProbeResult r = Probe.of(ProcessCheckConfig.worker(), target).check(Duration.ofSeconds(1));

        assertThat(r).isEqualTo(ProbeResult.unhealthy("pid " + pid + " now belongs to another process (start time " + ticks
                + ", expected " + (ticks - 1) + ")"));
    }

    @Test
    void noProcess_isUnhealthy() throws Exception {
        assertThat(Probe.of(ProcessCheckConfig.worker(), ProbeTarget.NONE).check(Duration.ofSeconds(1)))
                .isEqualTo(ProbeResult.unhealthy("process: the worker has no process"));
    }
}
