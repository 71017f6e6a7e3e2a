package io.hsu.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ResourceLimitsTest {

    @Test
    void limit_negative_rejected() {
        assertThatThrownBy(() -> ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, -1))
                .hasMessage("memory.max_rss must be >= 0, but was -1.0");
    }

    @Test
    void categoryRule_badValues_rejected() {
        assertThatThrownBy(() -> new CategoryRule(0, LimitPolicy.LOG, 1.5, 4))
                .hasMessage("warningThresholdPercent must be between 1 and 100, but was 0");
        assertThatThrownBy(() -> new CategoryRule(80, LimitPolicy.LOG, 1.0, 4))
                .hasMessage("adjustFactor must be > 1, but was 1.0");
        assertThatThrownBy(() -> new CategoryRule(80, LimitPolicy.LOG, 2.0, 1.5))
                .hasMessage("adjustCeiling must be >= adjustFactor (2.0), but was 1.5");
    }

    @Test
    void monitoring_historySamples_isRetentionOverInterval() {
        MonitoringConfig m = MonitoringConfig.DEFAULT;
        assertThat(m.historySamples()).isEqualTo(2880);
        assertThat(m.withInterval(Duration.ofMillis(10)).historySamples()).isEqualTo(MonitoringConfig.MAX_HISTORY_SAMPLES);
        assertThatThrownBy(() -> m.withInterval(Duration.ofMillis(1))).hasMessage("interval must be >= 10ms, but was PT0.001S");
    }

    @Test
    void enforcement_parentWithDotDot_rejected() {
        assertThatThrownBy(() -> EnforcementConfig.DEFAULT.withCgroupParent("hsu/../x"))
                .hasMessage("cgroupParent must be a plain path without '.', '..' or '//', but was 'hsu/../x'");
    }

    @Test
    void rlimitArguments_fromLimits() {
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.FILE_DESCRIPTORS, 64)
                .limit(LimitKind.PROCESSES, 10).limit(LimitKind.MEMORY_VIRTUAL, 1 << 30).limit(LimitKind.CPU_TIME, 2.5)
                .build();
        assertThat(Enforcement.rlimitArguments(limits))
                .containsExactly("--nofile=64:64", "--nproc=10:10", "--as=1073741824:1073741824", "--cpu=3:3");
    }

    @Test
    void wrap_withoutAnything_isTheCommand() {
        PreparedEnforcement none = new PreparedEnforcement(io.hsu.core.WorkerId.of("a"), null, List.of(), null, null);
        assertThat(none.wrap(List.of("/bin/true"))).containsExactly("/bin/true");
        assertThat(none.joinCgroupsScript()).isEmpty();
    }

    @Test
    void wrap_rlimits_prlimitInFront() {
        PreparedEnforcement p = new PreparedEnforcement(io.hsu.core.WorkerId.of("a"), java.nio.file.Path.of("/usr/bin/prlimit"),
                List.of("--nofile=8:8"), null, null);
        assertThat(p.wrap(List.of("/bin/echo", "hi"))).containsExactly("/usr/bin/prlimit", "--nofile=8:8", "--", "/bin/echo", "hi");
    }

    @Test
    void shellQuote_quotesSingleQuotes() {
        assertThat(PreparedEnforcement.shellQuote("/a b/it's")).isEqualTo("'/a b/it'\\''s'");
    }

    @Test
    void adjusted_bytesRoundedDown() {
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, 3)
                .rule(LimitCategory.MEMORY, new CategoryRule(80, LimitPolicy.RESTART_ADJUSTED, 1.5, 4)).build();
        assertThat(limits.adjusted(LimitKind.MEMORY_RSS, 3).limit(LimitKind.MEMORY_RSS)).isEqualTo(4.0);
    }
}
