package io.hsu.master.config;

import java.util.Map;
import java.util.Objects;

/**
 * The parts of {@code control.limits} the master applies itself (hsu-resources owns the full
 * section). 0 means "no limit".
 *
 * <p>Immutable and thread-safe.
 *
 * @param priority the nice value (-20..19)
 * @param maxRssBytes memory.max_rss
 * @param maxCpuPercent cpu.max_percent (100 = one core)
 * @param maxFileDescriptors process.max_file_descriptors (an rlimit)
 * @param maxProcesses process.max_processes (an rlimit)
 * @param policies the policy of each resource that has one: memory, cpu, io, process
 * @param cgroupMode enforcement.cgroup: auto, required or off
 */
public record LimitsConfig(int priority, long maxRssBytes, double maxCpuPercent, long maxFileDescriptors,
                           long maxProcesses, Map<String, String> policies, String cgroupMode) {
    /** No limits. */
    public static final LimitsConfig NONE = new LimitsConfig(0, 0, 0, 0, 0, Map.of(), "auto");

    /** @throws NullPointerException if an argument is null */
    public LimitsConfig {
        policies = Map.copyOf(policies);
        Objects.requireNonNull(cgroupMode, "cgroupMode must not be null");
    }

    /** Whether any limit is set. */
    public boolean any() {
        return priority != 0 || maxRssBytes > 0 || maxCpuPercent > 0 || maxFileDescriptors > 0 || maxProcesses > 0;
    }
}
