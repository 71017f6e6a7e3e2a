package io.hsu.resources;

/**
 * One limit of the {@code limits} schema, with the category it belongs to and how to read the value
 * it limits from a {@link ResourceUsage}. Limits of 0 mean "no limit".
 */
public enum LimitKind {
    MEMORY_RSS(LimitCategory.MEMORY, "max_rss", "bytes"),
    MEMORY_VIRTUAL(LimitCategory.MEMORY, "max_virtual", "bytes"),
    MEMORY_SWAP(LimitCategory.MEMORY, "max_swap", "bytes"),
    /** CPU in percent of one core (150 = one and a half cores). */
    CPU_PERCENT(LimitCategory.CPU, "max_percent", "%"),
    /** CPU in cores (1.5 = 150 %). */
    CPU_CORES(LimitCategory.CPU, "max_cores", "cores"),
    /** Total CPU time in seconds. */
    CPU_TIME(LimitCategory.CPU, "max_time", "s"),
    IO_READ_BPS(LimitCategory.IO, "max_read_bps", "bytes/s"),
    IO_WRITE_BPS(LimitCategory.IO, "max_write_bps", "bytes/s"),
    /** Read calls per second (Linux: {@code syscr} of {@code /proc/PID/io}). */
    IO_READ_OPS(LimitCategory.IO, "max_read_ops", "ops/s"),
    /** Write calls per second (Linux: {@code syscw} of {@code /proc/PID/io}). */
    IO_WRITE_OPS(LimitCategory.IO, "max_write_ops", "ops/s"),
    PROCESSES(LimitCategory.PROCESS, "max_processes", "processes"),
    FILE_DESCRIPTORS(LimitCategory.PROCESS, "max_file_descriptors", "fds"),
    CHILD_PROCESSES(LimitCategory.PROCESS, "max_child_processes", "processes");

    private final LimitCategory category;
    private final String yamlName;
    private final String unit;

    LimitKind(LimitCategory category, String yamlName, String unit) {
        this.category = category;
        this.yamlName = yamlName;
        this.unit = unit;
    }

    public LimitCategory category() {
        return category;
    }

    /** The YAML key inside its category: {@code max_rss}. */
    public String yamlName() {
        return yamlName;
    }

    /** The YAML path below {@code limits}: {@code memory.max_rss}. */
    public String path() {
        return category.yamlName() + "." + yamlName;
    }

    /** The unit of values and limits, for messages. */
    public String unit() {
        return unit;
    }

    /** The value this kind limits, read from {@code usage}. */
    public double valueOf(ResourceUsage usage) {
        switch (this) {
            case MEMORY_RSS: return usage.rssBytes();
            case MEMORY_VIRTUAL: return usage.virtualBytes();
            case MEMORY_SWAP: return usage.swapBytes();
            case CPU_PERCENT: return usage.cpuPercent();
            case CPU_CORES: return usage.cpuPercent() / 100.0;
            case CPU_TIME: return usage.cpuTimeNanos() / 1e9;
            case IO_READ_BPS: return usage.readBytesPerSecond();
            case IO_WRITE_BPS: return usage.writeBytesPerSecond();
            case IO_READ_OPS: return usage.readOpsPerSecond();
            case IO_WRITE_OPS: return usage.writeOpsPerSecond();
            case PROCESSES: return usage.processes();
            case FILE_DESCRIPTORS: return usage.openFileDescriptors();
            case CHILD_PROCESSES: return Math.max(0, usage.processes() - 1);
            default: throw new AssertionError(this);
        }
    }
}
