package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.health.FileCheckConfig;
import io.hsu.health.HealthConfig;
import io.hsu.health.HealthSnapshot;
import io.hsu.health.HealthStatus;
import io.hsu.health.ProbeConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code depends_on: healthy} means for each set of probes. */
final class HealthExtensionTest {
    private static final ProbeConfig PROBE = ProbeConfig.builder(FileCheckConfig.exists(Path.of("/tmp/x"))).build();

    private static HealthSnapshot snapshot(boolean started, boolean ready, HealthStatus liveness) {
        return new HealthSnapshot(started, Optional.empty(), ready, liveness, Map.of(), Optional.empty());
    }

    @Test
    void readinessDecides_whenThereIsOne() {
        HealthConfig config = HealthConfig.builder().readiness(PROBE).liveness(PROBE).build();
        assertThat(HealthExtension.isHealthy(config, snapshot(true, true, HealthStatus.UNHEALTHY))).isTrue();
        assertThat(HealthExtension.isHealthy(config, snapshot(true, false, HealthStatus.HEALTHY))).isFalse();
    }

    @Test
    void livenessDecides_withoutReadiness() {
        HealthConfig config = HealthConfig.builder().startup(PROBE).liveness(PROBE).build();
        assertThat(HealthExtension.isHealthy(config, snapshot(true, true, HealthStatus.HEALTHY))).isTrue();
        assertThat(HealthExtension.isHealthy(config, snapshot(true, true, HealthStatus.UNKNOWN))).isFalse();
    }

    @Test
    void startupDecides_withOnlyAStartupProbe() {
        HealthConfig config = HealthConfig.builder().startup(PROBE).build();
        assertThat(HealthExtension.isHealthy(config, snapshot(true, true, HealthStatus.UNKNOWN))).isTrue();
        assertThat(HealthExtension.isHealthy(config, snapshot(false, false, HealthStatus.UNKNOWN))).isFalse();
    }
}
