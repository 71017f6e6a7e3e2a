package io.hsu.resources;

import io.hsu.core.ByteSize;
import io.hsu.core.Durations;
import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblems;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads the {@code limits} section of a worker (CONFIG.md) into {@link ResourceLimits}, and the two
 * window keys of {@code context_aware_restart} into {@link ViolationWindows}. Every problem is added
 * to the node's {@link ConfigProblems} at its path; the result is then meaningless and the caller
 * throws with {@link ConfigProblems#throwIfAny()}. A policy this platform cannot honour is an error
 * here, at load; nothing that depends on who runs HSU (root, cgroup access) is checked.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResourceLimitsYaml {
    private static final String[] CATEGORY_KEYS = {"warning_threshold", "policy", "adjust_factor", "adjust_ceiling"};

    private ResourceLimitsYaml() {}

    /** Reads {@code limits} for this platform; a missing node gives {@link ResourceLimits#NONE}. */
    public static ResourceLimits read(ConfigNode limits) {
        return read(limits, System.getProperty("os.name", "unknown"));
    }

    /** Reads {@code limits} as it would load on the OS named {@code osName} ({@code os.name} values). */
    public static ResourceLimits read(ConfigNode limits, String osName) {
        boolean linux = osName.equals("Linux");
        ResourceLimits.Builder b = ResourceLimits.builder();
        if (limits.isMissing()) {
            return b.build();
        }
        ConfigProblems problems = limits.problems();
        limits.allowKeys("priority", "cpu_shares", "memory", "cpu", "io", "process", "monitoring", "enforcement");
        b.priority(limits.get("priority").asInt(-20, 19, 0));
        limits.get("cpu_shares").asLong(0, 262_144, 0);   // accepted for Go configs; weights go through io.weight and quotas

        ConfigNode memory = limits.get("memory").allowKeys(keys("max_rss", "max_virtual", "max_swap"));
        b.limit(LimitKind.MEMORY_RSS, size(memory.get("max_rss")));
        b.limit(LimitKind.MEMORY_VIRTUAL, size(memory.get("max_virtual")));
        b.limit(LimitKind.MEMORY_SWAP, size(memory.get("max_swap")));

        ConfigNode cpu = limits.get("cpu").allowKeys(keys("max_percent", "max_cores", "max_time"));
        b.limit(LimitKind.CPU_PERCENT, cpu.get("max_percent").asDouble(0, 1_000_000, 0));
        b.limit(LimitKind.CPU_CORES, cpu.get("max_cores").asDouble(0, 10_000, 0));
        Duration maxTime = cpu.get("max_time").asDuration(Duration.ZERO);
        b.limit(LimitKind.CPU_TIME, maxTime.toNanos() / 1e9);

        ConfigNode io = limits.get("io").allowKeys(keys("weight", "max_read_bps", "max_write_bps", "max_read_ops",
                "max_write_ops"));
        ConfigNode weight = io.get("weight");
        int w = weight.asInt(0, 10_000, 0);
        b.ioWeight(w);
        b.limit(LimitKind.IO_READ_BPS, size(io.get("max_read_bps")));
        b.limit(LimitKind.IO_WRITE_BPS, size(io.get("max_write_bps")));
        b.limit(LimitKind.IO_READ_OPS, io.get("max_read_ops").asLong(0, Long.MAX_VALUE, 0));
        b.limit(LimitKind.IO_WRITE_OPS, io.get("max_write_ops").asLong(0, Long.MAX_VALUE, 0));

        ConfigNode process = limits.get("process").allowKeys(keys("max_processes", "max_file_descriptors",
                "max_child_processes"));
        b.limit(LimitKind.PROCESSES, process.get("max_processes").asInt(0, Integer.MAX_VALUE, 0));
        b.limit(LimitKind.FILE_DESCRIPTORS, process.get("max_file_descriptors").asInt(0, Integer.MAX_VALUE, 0));
        b.limit(LimitKind.CHILD_PROCESSES, process.get("max_child_processes").asInt(0, Integer.MAX_VALUE, 0));

        ConfigNode[] sections = {memory, cpu, io, process};
        for (LimitCategory category : LimitCategory.values()) {
            ConfigNode section = sections[category.ordinal()];
            b.rule(category, rule(section, category, linux, osName));
        }

        ConfigNode monitoring = limits.get("monitoring").allowKeys("enabled", "interval", "history_retention",
                "alerting_enabled", "scope");
        MonitoringConfig m = MonitoringConfig.DEFAULT;
        b.monitoring(new MonitoringConfig(
                monitoring.get("enabled").asBoolean(m.enabled()),
                monitoring.get("interval").asDuration(Duration.ofMillis(10), Durations.MAX, m.interval()),
                monitoring.get("history_retention").asDuration(m.historyRetention()),
                monitoring.get("alerting_enabled").asBoolean(m.alertingEnabled()),
                monitoring.get("scope").asEnum(SamplingScope.class, m.scope())));

        ConfigNode enforcement = limits.get("enforcement").allowKeys("cgroup", "cgroup_parent", "rlimits");
        EnforcementConfig e = EnforcementConfig.DEFAULT;
        ConfigNode cgroupNode = enforcement.get("cgroup");
        CgroupMode mode = cgroupNode.asEnum(CgroupMode.class, CgroupMode::yamlName, e.cgroup());
        if (mode == CgroupMode.REQUIRED && !linux) {
            problems.error(cgroupNode, "cgroup: required needs Linux, but this is " + osName);
        }
        ConfigNode parentNode = enforcement.get("cgroup_parent");
        String parent = parentNode.asString(e.cgroupParent());
        try {
            b.enforcement(new EnforcementConfig(mode, parent, enforcement.get("rlimits").asBoolean(e.rlimits()),
                    Path.of("/sys/fs/cgroup")));
        } catch (IllegalArgumentException ex) {
            problems.error(parentNode, ex.getMessage().replace("cgroupParent", "cgroup_parent"));
        }

        ResourceLimits built = b.build();
        ConfigNode cpuPolicy = cpu.get("policy");
        if (built.rule(LimitCategory.CPU).policy() == LimitPolicy.THROTTLE && built.hasLimit(LimitKind.CPU_TIME)
                && ResourceMonitor.cpuLimitPercent(built) <= 0) {
            problems.error(cpuPolicy, "policy throttle holds max_percent or max_cores, but only max_time is set"
                    + " (a throttle cannot cap total CPU time; use restart or immediate_kill)");
        }
        return built;
    }

    private static CategoryRule rule(ConfigNode section, LimitCategory category, boolean linux, String osName) {
        CategoryRule d = CategoryRule.DEFAULT;
        ConfigProblems problems = section.problems();
        int threshold = section.get("warning_threshold").asInt(1, 100, d.warningThresholdPercent());
        ConfigNode policyNode = section.get("policy");
        LimitPolicy policy = policyNode.asEnum(LimitPolicy.class, LimitPolicy::yamlName, d.policy());
        if (policy == LimitPolicy.THROTTLE && category != LimitCategory.CPU) {
            problems.error(policyNode, "policy throttle applies to cpu only; for " + category.yamlName()
                    + " use log, alert, graceful_shutdown, immediate_kill, restart or restart_adjusted");
            policy = d.policy();
        } else if (policy == LimitPolicy.THROTTLE && !linux) {
            problems.error(policyNode, "policy throttle needs Linux (cgroup CPU quota or SIGSTOP/SIGCONT), but this is "
                    + osName);
            policy = d.policy();
        }
        ConfigNode factorNode = section.get("adjust_factor");
        double factor = factorNode.asDouble(1.0, 1000, d.adjustFactor());
        if (factor <= 1.0) {
            problems.error(factorNode, "must be > 1, but was " + factor);
            factor = d.adjustFactor();
        }
        ConfigNode ceilingNode = section.get("adjust_ceiling");
        double ceiling = ceilingNode.asDouble(1.0, 1_000_000, Math.max(d.adjustCeiling(), factor));
        if (ceiling < factor) {
            problems.error(ceilingNode, "must be >= adjust_factor (" + ResourceLimits.format(factor) + "), but was "
                    + ResourceLimits.format(ceiling));
            ceiling = factor;
        }
        return new CategoryRule(threshold, policy, factor, ceiling);
    }

    private static double size(ConfigNode node) {
        ByteSize size = node.asSize(ByteSize.ZERO);
        return size.bytes();
    }

    private static String[] keys(String... limitKeys) {
        String[] all = new String[limitKeys.length + CATEGORY_KEYS.length];
        System.arraycopy(limitKeys, 0, all, 0, limitKeys.length);
        System.arraycopy(CATEGORY_KEYS, 0, all, limitKeys.length, CATEGORY_KEYS.length);
        return all;
    }

    /**
     * Reads {@code sustained_violation_time} and {@code spike_tolerance_time} from a
     * {@code context_aware_restart} node (only those two keys: process control owns the rest and
     * checks for unknown keys); missing values take {@link ViolationWindows#DEFAULT}.
     */
    public static ViolationWindows readWindows(ConfigNode contextAwareRestart) {
        ViolationWindows d = ViolationWindows.DEFAULT;
        return new ViolationWindows(
                contextAwareRestart.get("spike_tolerance_time").asDuration(d.spikeTolerance()),
                contextAwareRestart.get("sustained_violation_time").asDuration(d.sustained()));
    }
}
