package io.hsu.master.config;

import io.hsu.core.config.ConfigException;
import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblem;
import io.hsu.core.config.ConfigProblems;
import io.hsu.core.config.YamlConfig;
import io.hsu.core.config.YamlOptions;
import io.hsu.logs.LogCollectionConfig;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole HSU config file: {@code master}, {@code log_collection} and {@code workers}, every
 * section validated together. Loading never returns a partly valid config: it throws a
 * {@link ConfigException} listing every problem of the file, each with file:line:column and path.
 *
 * <pre>{@code
 * HsuConfig config = HsuConfig.load(Path.of("hsu.yaml"), YamlOptions.ofDefaults());
 * config.warnings().forEach(System.err::println);   // unknown keys in lenient mode
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class HsuConfig {
    private final Optional<Path> file;
    private final MasterSettings master;
    private final LogCollectionConfig logCollection;
    private final List<WorkerConfig> workers;
    private final List<ConfigProblem> warnings;

    HsuConfig(Optional<Path> file, MasterSettings master, LogCollectionConfig logCollection, List<WorkerConfig> workers,
              List<ConfigProblem> warnings) {
        this.file = file;
        this.master = master;
        this.logCollection = logCollection;
        this.workers = List.copyOf(workers);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads and validates a config file.
     *
     * @throws ConfigException listing every error of the file (its warnings are not included)
     * @throws NullPointerException if an argument is null
     */
    public static HsuConfig load(Path file, YamlOptions options) {
        Objects.requireNonNull(file, "file must not be null");
        ConfigProblems problems = new ConfigProblems();
        ConfigNode root = YamlConfig.load(file, options, problems);
        return read(root, Optional.of(file), problems);
    }

    /**
     * Reads and validates config text; relative paths resolve against the working directory.
     *
     * @param sourceName the name problems show, or null
     * @throws ConfigException listing every error
     */
    public static HsuConfig parse(String yaml, String sourceName, YamlOptions options) {
        ConfigProblems problems = new ConfigProblems();
        ConfigNode root = YamlConfig.load(yaml, sourceName, options, problems);
        return read(root, Optional.empty(), problems);
    }

    private static HsuConfig read(ConfigNode root, Optional<Path> file, ConfigProblems problems) {
        HsuConfig config = new ConfigReader(problems).read(root, file);
        problems.throwIfAny();
        return new HsuConfig(file, config.master, config.logCollection, config.workers, problems.warnings());
    }

    /** The file this config came from, if any. */
    public Optional<Path> file() {
        return file;
    }

    /** The {@code master} section (defaults when absent). */
    public MasterSettings master() {
        return master;
    }

    /** The {@code log_collection} section with each worker's own settings (defaults when absent). */
    public LogCollectionConfig logCollection() {
        return logCollection;
    }

    /** The workers in file order, disabled ones included. */
    public List<WorkerConfig> workers() {
        return workers;
    }

    /** Doubts found while loading, such as unknown keys ignored in lenient mode. */
    public List<ConfigProblem> warnings() {
        return warnings;
    }

    /** How many workers there are of each kind (kinds with none are left out), in enum order. */
    public Map<WorkerType, Integer> countByType() {
        Map<WorkerType, Integer> counts = new EnumMap<>(WorkerType.class);
        for (WorkerConfig worker : workers) {
            counts.merge(worker.type(), 1, Integer::sum);
        }
        return counts;
    }

    /** Says {@code 3 workers (2 managed, 1 unmanaged)}. */
    public String summary() {
        StringBuilder out = new StringBuilder().append(workers.size()).append(workers.size() == 1 ? " worker" : " workers");
        Map<WorkerType, Integer> counts = countByType();
        if (!counts.isEmpty()) {
            StringBuilder kinds = new StringBuilder();
            counts.forEach((type, n) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(n).append(' ').append(type.yamlName()));
            out.append(" (").append(kinds).append(')');
        }
        return out.toString();
    }
}
