package io.hsu.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.health.CompositeCheckConfig;
import io.hsu.health.FileCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.ProbeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All-of and any-of over file checks. */
final class CompositeProbeTest {
    @TempDir
    Path dir;

    @Test
    void allOf_failsWithTheFirstFailure_anyOf_passesWithTheFirstSuccess() throws Exception {
        Path present = Files.writeString(dir.resolve("present"), "x");
        Path absent = dir.resolve("absent");
        FileCheckConfig yes = FileCheckConfig.exists(present);
        FileCheckConfig no = FileCheckConfig.exists(absent);

        assertThat(check(CompositeCheckConfig.allOf(yes, yes))).isEqualTo(ProbeResult.healthy("all 2 checks passed"));
        assertThat(check(CompositeCheckConfig.allOf(yes, no))).isEqualTo(ProbeResult.unhealthy("file " + absent + ": does not exist"));
        assertThat(check(CompositeCheckConfig.anyOf(no, yes)).healthy()).isTrue();
        assertThat(check(CompositeCheckConfig.anyOf(no, no))).isEqualTo(ProbeResult.unhealthy(
                "none of 2 checks passed: file " + absent + ": does not exist; file " + absent + ": does not exist"));
    }

    private static ProbeResult check(CompositeCheckConfig config) throws InterruptedException {
        try (Probe p = Probe.of(config, ProbeTarget.NONE)) {
            return p.check(Duration.ofSeconds(5));
        }
    }
}
