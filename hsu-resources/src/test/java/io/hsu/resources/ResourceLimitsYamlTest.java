package io.hsu.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblem;
import io.hsu.core.config.ConfigProblems;
import io.hsu.core.config.YamlConfig;
import io.hsu.core.config.YamlOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ResourceLimitsYamlTest {
    private final ConfigProblems problems = new ConfigProblems();

    private ConfigNode load(String yaml) {
        return YamlConfig.load(yaml, "hsu.yaml", YamlOptions.ofDefaults(), problems);
    }

    @Test
    void read_configMdExample() {
        ConfigNode root = load("""
                limits:
                  priority: 0
                  cpu_shares: 0
                  memory:  { max_rss: 268435456, max_virtual: 0, max_swap: 0, warning_threshold: 80, policy: restart }
                  cpu:     { max_percent: 150, max_cores: 0, max_time: 0s, warning_threshold: 80, policy: throttle }
                  io:      { weight: 0, max_read_bps: 0, max_write_bps: 0, max_read_ops: 0, max_write_ops: 0, warning_threshold: 80, policy: log }
                  process: { max_processes: 0, max_file_descriptors: 0, max_child_processes: 0, warning_threshold: 80, policy: alert }
                  monitoring: { enabled: true, interval: 30s, history_retention: 24h, alerting_enabled: true }
                  enforcement: { cgroup: auto, cgroup_parent: hsu, rlimits: true }
                context_aware_restart:
                  sustained_violation_time: 5m
                  spike_tolerance_time: 10s
                """);

        ResourceLimits limits = ResourceLimitsYaml.read(root.get("limits"), "Linux");
        ViolationWindows windows = ResourceLimitsYaml.readWindows(root.get("context_aware_restart"));

        assertThat(problems.all()).isEmpty();
        assertThat(limits.limit(LimitKind.MEMORY_RSS)).isEqualTo(268435456.0);
        assertThat(limits.limit(LimitKind.CPU_PERCENT)).isEqualTo(150.0);
        assertThat(limits.hasLimit(LimitKind.CPU_TIME)).isFalse();
        assertThat(limits.policy(LimitKind.MEMORY_RSS)).isEqualTo(LimitPolicy.RESTART);
        assertThat(limits.policy(LimitKind.CPU_PERCENT)).isEqualTo(LimitPolicy.THROTTLE);
        assertThat(limits.policy(LimitKind.PROCESSES)).isEqualTo(LimitPolicy.ALERT);
        assertThat(limits.monitoring()).isEqualTo(MonitoringConfig.DEFAULT);
        assertThat(limits.enforcement()).isEqualTo(EnforcementConfig.DEFAULT);
        assertThat(windows).isEqualTo(new ViolationWindows(Duration.ofSeconds(10), Duration.ofMinutes(5)));
    }

    @Test
    void read_sizesAndAdjustment() {
        ConfigNode root = load("""
                limits:
                  memory: { max_rss: 512MiB, policy: restart_adjusted, adjust_factor: 2, adjust_ceiling: 8 }
                  monitoring: { interval: 1s, scope: leader }
                  enforcement: { cgroup: required, cgroup_parent: /hsu }
                """);

        ResourceLimits limits = ResourceLimitsYaml.read(root.get("limits"), "Linux");

        assertThat(problems.all()).isEmpty();
        assertThat(limits.limit(LimitKind.MEMORY_RSS)).isEqualTo(512.0 * 1024 * 1024);
        assertThat(limits.rule(LimitCategory.MEMORY)).isEqualTo(new CategoryRule(80, LimitPolicy.RESTART_ADJUSTED, 2, 8));
        assertThat(limits.monitoring().scope()).isEqualTo(SamplingScope.LEADER);
        assertThat(limits.enforcement().cgroup()).isEqualTo(CgroupMode.REQUIRED);
        assertThat(limits.enforcement().cgroupParent()).isEqualTo("/hsu");
    }

    @Test
    void read_everyProblemAtItsPath() {
        ConfigNode root = load("""
                limits:
                  memory: { max_rss: lots, policy: throttle, warning_threshold: 120 }
                  cpu: { max_time: 10s, policy: throttle }
                  io: { weight: 20000, policy: restart_adjusted, adjust_factor: 3, adjust_ceiling: 2 }
                  process: { max_procs: 5, policy: explode }
                  monitoring: { interval: 1ms }
                  enforcement: { cgroup: maybe, cgroup_parent: "../x" }
                """);

        ResourceLimitsYaml.read(root.get("limits"), "Linux");

        assertThat(problems.errors()).extracting(ConfigProblem::toString).containsExactly(
                "hsu.yaml:2:22: limits.memory.max_rss: must be a size like 1048576, 512KB or 2GiB, but was 'lots': expected a number followed by an optional unit (use B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)",
                "hsu.yaml:2:36: limits.memory.policy: policy throttle applies to cpu only; for memory use log, alert, graceful_shutdown, immediate_kill, restart or restart_adjusted",
                "hsu.yaml:2:65: limits.memory.warning_threshold: must be between 1 and 100, but was 120",
                "hsu.yaml:3:33: limits.cpu.policy: policy throttle holds max_percent or max_cores, but only max_time is set (a throttle cannot cap total CPU time; use restart or immediate_kill)",
                "hsu.yaml:4:17: limits.io.weight: must be between 0 and 10000, but was 20000",
                "hsu.yaml:4:84: limits.io.adjust_ceiling: must be >= adjust_factor (3), but was 2",
                "hsu.yaml:5:14: limits.process.max_procs: unknown key 'max_procs' (allowed: max_processes, max_file_descriptors, max_child_processes, warning_threshold, policy, adjust_factor, adjust_ceiling)",
                "hsu.yaml:5:36: limits.process.policy: must be one of none, log, alert, throttle, graceful_shutdown, immediate_kill, restart, restart_adjusted, but was 'explode'",
                "hsu.yaml:6:27: limits.monitoring.interval: must be >= 10ms, but was 1ms",
                "hsu.yaml:7:26: limits.enforcement.cgroup: must be one of required, auto, off, but was 'maybe'",
                "hsu.yaml:7:48: limits.enforcement.cgroup_parent: cgroup_parent must be a plain path without '.', '..' or '//', but was '../x'");
    }

    @Test
    void read_notLinux_throttleAndRequiredCgroupAreErrors() {
        ConfigNode root = load("""
                limits:
                  cpu: { max_percent: 50, policy: throttle }
                  enforcement: { cgroup: required }
                """);

        ResourceLimitsYaml.read(root.get("limits"), "Mac OS X");

        assertThat(problems.errors()).extracting(ConfigProblem::message).containsExactly(
                "policy throttle needs Linux (cgroup CPU quota or SIGSTOP/SIGCONT), but this is Mac OS X",
                "cgroup: required needs Linux, but this is Mac OS X");
    }

    private static final String WEIGHTS = """
            limits:
              cpu_shares: 512
              io: { weight: 500, max_write_bps: 2MiB, max_read_ops: 100 }
              enforcement: { cgroup: %s }
            """;
    private static final ResourceLimitsYaml.CgroupCheck NOTHING_APPLIES = new ResourceLimitsYaml.CgroupCheck(Map.of(
            "cpu_shares", "cpu_shares needs the cpu controller: ...",
            "io.weight", "io.weight needs blkio.weight or blkio.bfq.weight, but ...",
            "io", "io.max_write_bps, io.max_read_ops need the io controller: ..."), Map.of());

    @Test
    void read_required_weightsAndIoLimitsTheKernelCannotApply_errorsAtTheirPaths() {
        ConfigNode root = load(WEIGHTS.formatted("required"));

        ResourceLimits limits = ResourceLimitsYaml.read(root.get("limits"), "Linux", l -> NOTHING_APPLIES);

        assertThat(limits.cpuShares()).isEqualTo(512);
        assertThat(limits.ioWeight()).isEqualTo(500);
        assertThat(problems.errors()).extracting(ConfigProblem::toString).containsExactly(
                "hsu.yaml:2:15: limits.cpu_shares: cpu_shares needs the cpu controller: ... (enforcement.cgroup is required)",
                "hsu.yaml:3:7: limits.io: io.max_write_bps, io.max_read_ops need the io controller: ..."
                        + " (enforcement.cgroup is required)",
                "hsu.yaml:3:17: limits.io.weight: io.weight needs blkio.weight or blkio.bfq.weight, but ..."
                        + " (enforcement.cgroup is required)");
        assertThat(problems.warnings()).isEmpty();
    }

    @Test
    void read_auto_whatTheKernelCannotApply_warnings() {
        ConfigNode root = load(WEIGHTS.formatted("auto"));

        ResourceLimitsYaml.read(root.get("limits"), "Linux", l -> NOTHING_APPLIES);

        assertThat(problems.errors()).isEmpty();
        assertThat(problems.warnings()).extracting(ConfigProblem::message).containsExactly(
                "cpu_shares needs the cpu controller: ...: not applied",
                "io.max_write_bps, io.max_read_ops need the io controller: ...: only monitored",
                "io.weight needs blkio.weight or blkio.bfq.weight, but ...: not applied");
    }

    @Test
    void read_appliedInPart_warnsEvenWhenRequired() {
        ConfigNode root = load(WEIGHTS.formatted("required"));
        ResourceLimitsYaml.CgroupCheck caveat = new ResourceLimitsYaml.CgroupCheck(Map.of(),
                Map.of("io", "cgroup v1 blkio throttles reads and direct writes only: ..."));

        ResourceLimitsYaml.read(root.get("limits"), "Linux", l -> caveat);

        assertThat(problems.errors()).isEmpty();
        assertThat(problems.warnings()).extracting(ConfigProblem::toString)
                .containsExactly("hsu.yaml:3:7: limits.io: warning: cgroup v1 blkio throttles reads and direct writes only: ...");
    }

    @Test
    void read_cgroupOffOrNotLinux_weightsAndIoLimitsNeedACgroup() {
        ConfigNode root = load(WEIGHTS.formatted("off"));
        ResourceLimitsYaml.read(root.get("limits"), "Linux", l -> {
            throw new AssertionError("no cgroup, nothing to probe");
        });
        ConfigNode auto = load(WEIGHTS.formatted("auto"));
        ResourceLimitsYaml.read(auto.get("limits"), "Mac OS X");

        assertThat(problems.errors()).isEmpty();
        assertThat(problems.warnings()).extracting(ConfigProblem::message).containsExactlyInAnyOrder(
                "cpu_shares needs a cgroup, but enforcement.cgroup is off: not applied",
                "io.weight needs a cgroup, but enforcement.cgroup is off: not applied",
                "io.max_write_bps, io.max_read_ops need a cgroup, but enforcement.cgroup is off: only monitored",
                "cpu_shares needs a cgroup, but this is Mac OS X: not applied",
                "io.weight needs a cgroup, but this is Mac OS X: not applied",
                "io.max_write_bps, io.max_read_ops need a cgroup, but this is Mac OS X: only monitored");
    }

    @Test
    void read_cpuSharesOne_rejected() {
        ConfigNode root = load("limits: { cpu_shares: 1 }\n");
        ResourceLimitsYaml.read(root.get("limits"), "Linux", l -> ResourceLimitsYaml.CgroupCheck.NONE);
        assertThat(problems.errors()).extracting(ConfigProblem::message)
                .containsExactly("must be 0 (not set) or between 2 and 262144, but was 1");
    }

    @Test
    void read_missing_noLimits() {
        ConfigNode root = load("other: 1\n");
        assertThat(ResourceLimitsYaml.read(root.get("limits"), "Linux")).isEqualTo(ResourceLimits.NONE);
        assertThat(problems.all()).isEmpty();
    }
}
