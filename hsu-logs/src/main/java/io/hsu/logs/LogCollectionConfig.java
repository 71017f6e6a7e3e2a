package io.hsu.logs;

import io.hsu.core.WorkerId;
import io.hsu.core.internal.Checks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole {@code log_collection} section: the default per-worker config, per-worker overrides,
 * global aggregation targets (every worker's lines, both streams) and system settings. Immutable
 * and thread-safe; build with {@link #builder()}.
 */
public final class LogCollectionConfig {
    /** Lines longer than this many bytes are split by default. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 256 * 1024;

    private final boolean enabled;
    private final WorkerLogConfig defaultWorker;
    private final Map<WorkerId, WorkerLogConfig> workers;
    private final List<OutputConfig> aggregation;
    private final Path workerDirectory;
    private final int maxLineLength;
    private final String hostname;
    private final String masterId;

    private LogCollectionConfig(Builder b) {
        enabled = b.enabled;
        defaultWorker = b.defaultWorker;
        workers = Map.copyOf(b.workers);
        aggregation = List.copyOf(b.aggregation);
        workerDirectory = b.workerDirectory;
        maxLineLength = b.maxLineLength;
        hostname = b.hostname;
        masterId = b.masterId;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static LogCollectionConfig ofDefaults() {
        return builder().build();
    }

    /** A copy with {@code config} as the override for {@code worker}. */
    public LogCollectionConfig withWorker(WorkerId worker, WorkerLogConfig config) {
        Builder b = toBuilder();
        b.worker(worker, config);
        return b.build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.defaultWorker = defaultWorker;
        b.workers.putAll(workers);
        b.aggregation.addAll(aggregation);
        b.workerDirectory = workerDirectory;
        b.maxLineLength = maxLineLength;
        b.hostname = hostname;
        b.masterId = masterId;
        return b;
    }

    public boolean enabled() { return enabled; }
    public WorkerLogConfig defaultWorker() { return defaultWorker; }
    /** Per-worker overrides. */
    public Map<WorkerId, WorkerLogConfig> workers() { return workers; }
    /** The config of {@code worker}: its override, else the default. */
    public WorkerLogConfig forWorker(WorkerId worker) { return workers.getOrDefault(worker, defaultWorker); }
    /** Global aggregation targets; empty when aggregation is off. */
    public List<OutputConfig> aggregation() { return aggregation; }
    /** Relative file paths resolve against this directory. */
    public Path workerDirectory() { return workerDirectory; }
    public int maxLineLength() { return maxLineLength; }
    public String hostname() { return hostname; }
    public String masterId() { return masterId; }

    /** Not thread-safe; reusable after build(). */
    public static final class Builder {
        private boolean enabled = true;
        private WorkerLogConfig defaultWorker = WorkerLogConfig.ofDefaults();
        private final Map<WorkerId, WorkerLogConfig> workers = new LinkedHashMap<>();
        private final List<OutputConfig> aggregation = new ArrayList<>();
        private Path workerDirectory = Path.of(".").toAbsolutePath().normalize();
        private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
        private String hostname = localHostname();
        private String masterId = "hsu";

        private Builder() {
        }

        public Builder enabled(boolean enabled) { this.enabled = enabled; return this; }
        public Builder defaultWorker(WorkerLogConfig config) { this.defaultWorker = Checks.notNull(config, "defaultWorker"); return this; }

        public Builder worker(WorkerId worker, WorkerLogConfig config) {
            workers.put(Checks.notNull(worker, "worker"), Checks.notNull(config, "config"));
            return this;
        }

        public Builder aggregation(List<OutputConfig> targets) {
            aggregation.clear();
            aggregation.addAll(targets);
            return this;
        }

        public Builder workerDirectory(Path directory) {
            this.workerDirectory = Checks.notNull(directory, "workerDirectory").toAbsolutePath().normalize();
            return this;
        }

        /** @throws IllegalArgumentException unless 64 bytes to 16 MiB */
        public Builder maxLineLength(int bytes) {
            Checks.argument(bytes >= 64 && bytes <= (16 << 20), "maxLineLength must be in 64..16777216, but was %d", bytes);
            this.maxLineLength = bytes;
            return this;
        }

        public Builder hostname(String hostname) { this.hostname = Checks.notNull(hostname, "hostname"); return this; }
        public Builder masterId(String masterId) { this.masterId = Checks.notNull(masterId, "masterId"); return this; }

        public LogCollectionConfig build() {
            return new LogCollectionConfig(this);
        }

        private static String localHostname() {
            try {
                String fromKernel = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
                if (!fromKernel.isEmpty()) {
                    return fromKernel;
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux: fall through
            }
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }
    }
}
