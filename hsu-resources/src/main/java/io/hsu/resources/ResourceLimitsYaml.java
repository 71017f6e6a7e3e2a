package io.hsu.resources;

import io.hsu.core.ByteSize;
import io.hsu.core.Durations;
import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblems;
import io.hsu.resources.internal.linux.CgroupSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the {@code limits} section of a worker (CONFIG.md) into {@link ResourceLimits}, and the two
 * window keys of {@code context_aware_restart} into {@link ViolationWindows}. Every problem is added
 * to the node's {@link ConfigProblems} at its path; the result is then meaningless and the caller
 * throws with {@link ConfigProblems#throwIfAny()}. A policy this platform cannot honour is an error
 * here, at load: with {@code enforcement.cgroup: required}, also a {@code cpu_shares},
 * {@code io.weight} or I/O limit that this kernel's cgroups lack a controller or file for (with
 * {@code auto} that is a warning, and the value is monitored or left out). Nothing that depends on
 * who runs HSU (root, cgroup access) is checked.
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

    /**
     * Reads {@code limits} as it would load on the OS named {@code osName} ({@code os.name} values);
     * on Linux, with this machine's cgroups.
     */
    public static ResourceLimits read(ConfigNode limits, String osName) {
        return read(limits, osName, osName.equals("Linux") ? ResourceLimitsYaml::probeCgroups : l -> CgroupCheck.NONE);
    }

    /** What the cgroups here cannot apply of some limits (key below {@code limits} to message), and what only in part. */
    record CgroupCheck(Map<String, String> unsupported, Map<String, String> caveats) {
        static final CgroupCheck NONE = new CgroupCheck(Map.of(), Map.of());
    }

    private static CgroupCheck probeCgroups(ResourceLimits limits) {
        if (limits.cpuShares() == 0 && limits.ioWeight() == 0 && CgroupSupport.ioLimitNames(limits).isEmpty()) {
            return CgroupCheck.NONE;
        }
        CgroupSupport support = CgroupSupport.probe(limits.enforcement().cgroupRoot());
        return new CgroupCheck(support.unsupported(limits), support.caveats(limits));
    }

    static ResourceLimits read(ConfigNode limits, String osName, Function<ResourceLimits, CgroupCheck> cgroups) {
        boolean linux = osName.equals("Linux");
        ResourceLimits.Builder b = ResourceLimits.builder();
        if (limits.isMissing()) {
            return b.build();
        }
        ConfigProblems problems = limits.problems();
        limits.allowKeys("priority", "cpu_shares", "memory", "cpu", "io", "process", "monitoring", "enforcement");
        b.priority(limits.get("priority").asInt(-20, 19, 0));
        ConfigNode sharesNode = limits.get("cpu_shares");
        int shares = sharesNode.asInt(0, 262_144, 0);
        if (shares == 1) {
            problems.error(sharesNode, "must be 0 (not set) or between 2 and 262144, but was 1");
        } else {
            b.cpuShares(shares);
        }

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
        checkCgroups(built, cgroups, linux, osName, sharesNode, weight, io);
        ConfigNode cpuPolicy = cpu.get("policy");
        if (built.rule(LimitCategory.CPU).policy() == LimitPolicy.THROTTLE && built.hasLimit(LimitKind.CPU_TIME)
                && ResourceMonitor.cpuLimitPercent(built) <= 0) {
            problems.error(cpuPolicy, "policy throttle holds max_percent or max_cores, but only max_time is set"
                    + " (a throttle cannot cap total CPU time; use restart or immediate_kill)");
        }
        return built;
    }

    /**
     * {@code cpu_shares}, {@code io.weight} and the I/O limits need a cgroup: without one they are an
     * error with {@code cgroup: required} and a warning otherwise (say what is not applied).
     */
    private static void checkCgroups(ResourceLimits built, Function<ResourceLimits, CgroupCheck> cgroups, boolean linux,
                                     String osName, ConfigNode sharesNode, ConfigNode weightNode,
                                     ConfigNode ioNode) {
        ConfigProblems problems = ioNode.problems();
        Map<String, ConfigNode> nodes = Map.of("cpu_shares", sharesNode, "io.weight", weightNode, "io", ioNode);
        CgroupMode mode = built.enforcement().cgroup();
        List<String> wanted = new ArrayList<>();
        if (built.cpuShares() > 0) {
            wanted.add("cpu_shares");
        }
        if (built.ioWeight() > 0) {
            wanted.add("io.weight");
        }
        if (!CgroupSupport.ioLimitNames(built).isEmpty()) {
            wanted.add("io");
        }
        if (wanted.isEmpty()) {
            return;
        }
        if (mode == CgroupMode.OFF || !linux) {
            if (mode != CgroupMode.REQUIRED) {   // required off Linux is an error already
                for (String key : wanted) {
                    boolean several = key.equals("io") && CgroupSupport.ioLimitNames(built).size() > 1;
                    problems.warning(nodes.get(key), describe(key, built) + (several ? " need" : " needs") + " a cgroup, but "
                            + (linux ? "enforcement.cgroup is off" : "this is " + osName) + ": "
                            + (key.equals("io") ? "only monitored" : "not applied"));
                }
            }
            return;
        }
        CgroupCheck check = cgroups.apply(built);
        for (String key : wanted) {
            String unsupported = check.unsupported().get(key);
            if (unsupported != null && mode == CgroupMode.REQUIRED) {
                problems.error(nodes.get(key), unsupported + " (enforcement.cgroup is required)");
            } else if (unsupported != null) {
                problems.warning(nodes.get(key), unsupported + ": " + (key.equals("io") ? "only monitored" : "not applied"));
            } else if (check.caveats().containsKey(key)) {
                problems.warning(nodes.get(key), check.caveats().get(key));
            }
        }
    }

    private static String describe(String key, ResourceLimits limits) {
        return key.equals("io") ? String.join(", ", CgroupSupport.ioLimitNames(limits)) : key;
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
