package io.hsu.master.config;

import io.hsu.core.ByteSize;
import io.hsu.core.WorkerId;
import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblems;
import io.hsu.health.HealthConfigReader;
import io.hsu.health.RunOptions;
import io.hsu.logs.AlertRule;
import io.hsu.logs.LogCollectionConfig;
import io.hsu.logs.LogFormat;
import io.hsu.logs.LogLevel;
import io.hsu.logs.OutputConfig;
import io.hsu.logs.OutputType;
import io.hsu.logs.OverflowPolicy;
import io.hsu.logs.RotationConfig;
import io.hsu.logs.WorkerLogConfig;
import io.hsu.processcontrol.ProcessConfigReader;
import io.hsu.resources.ResourceLimitsYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the whole HSU schema from a {@link ConfigNode} tree into configs, adding every problem to
 * one {@link ConfigProblems}. Each module reads its own section: hsu-processcontrol the execution,
 * restart, stop and unmanaged discovery/control settings, hsu-health {@code health_check},
 * {@code probes} and {@code health_check_run_options}, hsu-resources {@code limits}. This class
 * reads the rest ({@code master}, {@code workers[]} with ids, kinds and dependencies, the
 * {@code unit} dispatch) and {@code log_collection}, which hsu-logs has no reader for, and checks
 * what spans sections: duplicate ids, unknown dependencies, cycles, executables.
 *
 * <p>Not thread-safe: one instance per load.
 */
final class ConfigReader {
    private static final List<String> LOG_LEVELS = List.of("debug", "info", "warn", "error");
    private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    private final ConfigProblems problems;

    ConfigReader(ConfigProblems problems) {
        this.problems = problems;
    }

    /** Reads everything; the result is meaningful only when {@code problems} has no errors. */
    HsuConfig read(ConfigNode root, Optional<Path> file) {
        if (root.isMissing()) {
            return new HsuConfig(file, MasterSettings.DEFAULTS, LogCollectionConfig.ofDefaults(), List.of(), List.of());
        }
        if (!root.isMapping()) {
            problems.error(root, "the config must be a mapping with 'workers' (and optionally 'master' and 'log_collection'), but was "
                    + (root.isList() ? "a list" : "a single value"));
            return new HsuConfig(file, MasterSettings.DEFAULTS, LogCollectionConfig.ofDefaults(), List.of(), List.of());
        }
        root.allowKeys("master", "log_collection", "workers");
        MasterSettings master = master(root.get("master"));
        LogCollectionConfig.Builder logs = logCollection(root.get("log_collection"));
        ConfigNode workersNode = root.get("workers");
        if (workersNode.isMissing()) {
            problems.error(workersNode, "is required: list the workers to supervise");
        }
        List<WorkerConfig> workers = new ArrayList<>();
        Map<String, ConfigNode> idNodes = new LinkedHashMap<>();
        Map<String, List<DependencyRef>> references = new LinkedHashMap<>();
        for (ConfigNode item : workersNode.items()) {
            WorkerConfig worker = worker(item, logs, idNodes, references);
            if (worker != null) {
                workers.add(worker);
            }
        }
        checkDependencies(idNodes, references, workers);
        LogCollectionConfig logCollection;
        try {
            logCollection = logs.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            problems.error(root.get("log_collection"), e.getMessage());
            logCollection = LogCollectionConfig.ofDefaults();
        }
        return new HsuConfig(file, master, logCollection, workers, List.of());
    }

    // ------------------------------------------------------------------ master

    private MasterSettings master(ConfigNode node) {
        if (node.isMissing()) {
            return MasterSettings.DEFAULTS;
        }
        node.allowKeys("port", "log_level", "force_shutdown_timeout", "state_dir");
        int port = node.get("port").asInt(1, 65535, 50055);
        String level = node.get("log_level").asChoice(LOG_LEVELS, "info");
        Duration force = node.get("force_shutdown_timeout").asDuration(Duration.ZERO, MAX_TIMEOUT, Duration.ofSeconds(30));
        Optional<Path> stateDir = Optional.ofNullable(node.get("state_dir").asPath(null));
        return new MasterSettings(port, level, force, stateDir);
    }

    // ------------------------------------------------------------------ workers

    private record DependencyRef(WorkerId target, ConfigNode node, DependencyCondition condition) {
    }

    private WorkerConfig worker(ConfigNode node, LogCollectionConfig.Builder logs, Map<String, ConfigNode> idNodes,
                                Map<String, List<DependencyRef>> references) {
        if (node.isMissing()) {
            problems.error(node, "is empty: a worker needs at least 'id', 'type' and 'unit'");
            return null;
        }
        if (!node.isMapping()) {
            node.keys(); // reports "must be a mapping"
            return null;
        }
        node.allowKeys("id", "type", "profile_type", "enabled", "depends_on", "replicas", "unit");
        ConfigNode idNode = node.get("id");
        String idText = idNode.requireString();
        WorkerId id = null;
        if (idText != null) {
            String problem = idText.indexOf('#') >= 0 ? "must not contain '#' (replica ids are made by HSU)"
                    : WorkerId.problemWith(idText);
            if (problem != null) {
                problems.error(idNode, problem);
            } else {
                id = WorkerId.of(idText);
                ConfigNode first = idNodes.putIfAbsent(idText, idNode);
                if (first != null) {
                    problems.error(idNode, "duplicate worker id '" + idText + "' (first used at line " + first.line() + ")");
                }
            }
        }
        WorkerType type = node.get("type").require().asEnum(WorkerType.class, null);
        ProfileType profile = node.get("profile_type").asEnum(ProfileType.class, ProfileType.DEFAULT);
        boolean enabled = node.get("enabled").asBoolean(true);
        int replicas = node.get("replicas").asInt(1, 1000, 1);
        if (replicas > 1) {
            problems.error(node.get("replicas"), "replicas above 1 are not supported yet, but was " + replicas
                    + "; declare one worker per instance");
        }
        List<Dependency> dependencies = dependsOn(node.get("depends_on"), idText, references);

        ConfigNode unit = node.get("unit");
        if (unit.isMissing()) {
            problems.error(unit, "is required: add 'unit: { " + (type == null ? "managed" : type.yamlName()) + ": ... }'");
            return null;
        }
        unit.allowKeys("managed", "unmanaged", "integrated");
        List<String> present = new ArrayList<>();
        for (String key : unit.keys()) {
            if (List.of("managed", "unmanaged", "integrated").contains(key)) {
                present.add(key);
            }
        }
        if (present.size() > 1) {
            problems.error(unit, "must have exactly one of managed, unmanaged, integrated, but has " + String.join(", ", present));
        }
        if (type == null) {
            return null;
        }
        ConfigNode body = unit.get(type.yamlName());
        if (body.isMissing()) {
            String hint = present.size() == 1 ? "; type is '" + type.yamlName() + "' but the unit is '" + present.get(0) + "'" : "";
            problems.error(body, "is required for a " + type.yamlName() + " worker" + hint);
            return null;
        }
        if (!body.isMapping()) {
            body.keys();
            return null;
        }
        WorkerId readId = id == null ? WorkerId.of("invalid") : id;
        WorkerConfig.Builder builder = WorkerConfig.builder(readId, type)
                .profileType(profile).enabled(enabled).dependsOn(dependencies);
        switch (type) {
            case MANAGED:
                body.allowKeys("metadata", "control", "health_check", "probes");
                metadata(body.get("metadata"), builder);
                managedControl(readId, body.get("control"), builder, profile, logs, false);
                HealthConfigReader.read(body.get("health_check"), body.get("probes")).ifPresent(builder::health);
                break;
            case INTEGRATED:
                body.allowKeys("metadata", "control", "health_check_run_options", "probes");
                metadata(body.get("metadata"), builder);
                managedControl(readId, body.get("control"), builder, profile, logs, true);
                RunOptions grpc = HealthConfigReader.readRunOptions(body.get("health_check_run_options"));
                if (grpc != null) {
                    builder.grpcHealth(grpc);
                }
                // no health_check for an integrated worker: its check is grpc.health.v1 on its port
                HealthConfigReader.read(body.get(""), body.get("probes")).ifPresent(builder::health);
                break;
            case UNMANAGED:
            default:
                body.allowKeys("metadata", "discovery", "control", "health_check", "probes", "log_files");
                metadata(body.get("metadata"), builder);
                ProcessConfigReader.readUnmanaged(readId, body.get("discovery"), body.get("control")).ifPresent(builder::attach);
                HealthConfigReader.read(body.get("health_check"), body.get("probes")).ifPresent(builder::health);
                List<Path> files = new ArrayList<>();
                for (ConfigNode f : body.get("log_files").items()) {
                    Path p = f.asPath(null);
                    if (p != null) {
                        files.add(p);
                    }
                }
                builder.logFiles(files);
                break;
        }
        if (id == null) {
            return null;
        }
        try {
            return builder.build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            if (!problems.hasErrors()) { // otherwise the cause (a missing section) is reported already
                problems.error(node, e.getMessage());
            }
            return null;
        }
    }

    private List<Dependency> dependsOn(ConfigNode node, String ownId, Map<String, List<DependencyRef>> references) {
        List<Dependency> result = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ConfigNode item : node.items()) {
            ConfigNode target;
            DependencyCondition condition;
            if (item.isMapping()) {
                item.allowKeys("worker", "condition");
                target = item.get("worker").require();
                condition = item.get("condition").asEnum(DependencyCondition.class, DependencyCondition.STARTED);
            } else {
                target = item; // the short form: "- db"
                condition = DependencyCondition.STARTED;
            }
            String name = target.asString(null);
            if (name == null) {
                continue;
            }
            String problem = WorkerId.problemWith(name);
            if (problem != null) {
                problems.error(target, problem);
                continue;
            }
            if (!seen.add(name)) {
                problems.error(target, "'" + name + "' is listed twice");
                continue;
            }
            if (name.equals(ownId)) {
                problems.error(target, "dependency cycle: " + name + " -> " + name);
                continue;
            }
            Dependency dependency = new Dependency(WorkerId.of(name), condition);
            result.add(dependency);
            if (ownId != null) {
                references.computeIfAbsent(ownId, k -> new ArrayList<>()).add(new DependencyRef(dependency.worker(), target, condition));
            }
        }
        return result;
    }

    private void checkDependencies(Map<String, ConfigNode> idNodes, Map<String, List<DependencyRef>> references,
                                   List<WorkerConfig> workers) {
        Map<String, WorkerConfig> byId = new HashMap<>();
        for (WorkerConfig w : workers) {
            byId.put(w.id().value(), w);
        }
        for (Map.Entry<String, List<DependencyRef>> entry : references.entrySet()) {
            for (DependencyRef ref : entry.getValue()) {
                String target = ref.target().value();
                if (!idNodes.containsKey(target)) {
                    String hint = closest(target, idNodes.keySet()).map(k -> "; did you mean '" + k + "'?").orElse("");
                    problems.error(ref.node(), "unknown worker '" + target + "'" + hint);
                    continue;
                }
                WorkerConfig dependency = byId.get(target);
                if (dependency != null && !dependency.enabled()) {
                    problems.error(ref.node(), "depends on '" + target + "', which is disabled (enabled: false), so it would wait forever");
                }
                if (dependency != null && ref.condition() == DependencyCondition.COMPLETED_SUCCESSFULLY
                        && dependency.type() == WorkerType.UNMANAGED) {
                    problems.error(ref.node(), "condition completed_successfully cannot be met by unmanaged worker '" + target
                            + "' (its exit status is unknown)");
                }
            }
        }
        // Cycles: depth-first search over the references; each cycle is reported once, at the
        // dependency entry that closes it.
        Map<String, Integer> colour = new HashMap<>(); // absent: new, 1: on the stack, 2: done
        Set<String> reported = new LinkedHashSet<>();
        for (String start : references.keySet()) {
            if (!colour.containsKey(start)) {
                findCycles(start, references, colour, new ArrayList<>(), reported);
            }
        }
    }

    private void findCycles(String start, Map<String, List<DependencyRef>> references, Map<String, Integer> colour,
                            List<String> stack, Set<String> reported) {
        // Iterative, so a 10 000-worker chain does not overflow the stack.
        record Frame(String id, int next) {
        }
        List<Frame> frames = new ArrayList<>();
        frames.add(new Frame(start, 0));
        colour.put(start, 1);
        stack.add(start);
        while (!frames.isEmpty()) {
            Frame top = frames.get(frames.size() - 1);
            List<DependencyRef> refs = references.getOrDefault(top.id(), List.of());
            if (top.next() >= refs.size()) {
                frames.remove(frames.size() - 1);
                stack.remove(stack.size() - 1);
                colour.put(top.id(), 2);
                continue;
            }
            frames.set(frames.size() - 1, new Frame(top.id(), top.next() + 1));
            DependencyRef ref = refs.get(top.next());
            String target = ref.target().value();
            Integer c = colour.get(target);
            if (c == null) {
                colour.put(target, 1);
                stack.add(target);
                frames.add(new Frame(target, 0));
            } else if (c == 1) {
                List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(target), stack.size()));
                cycle.add(target);
                List<String> key = new ArrayList<>(cycle.subList(0, cycle.size() - 1));
                key.sort(null);
                if (reported.add(String.join(",", key))) {
                    problems.error(ref.node(), "dependency cycle: " + String.join(" -> ", cycle));
                }
            }
        }
    }

    private void metadata(ConfigNode node, WorkerConfig.Builder builder) {
        node.require().allowKeys("name", "description");
        String name = node.get("name").requireString();
        if (name != null) {
            if (name.isBlank()) {
                problems.error(node.get("name"), "must not be empty");
            } else {
                builder.name(name);
            }
        }
        builder.description(node.get("description").asString(""));
    }

    // ------------------------------------------------------------------ managed control

    /**
     * {@code control} of a managed or integrated worker: hsu-processcontrol reads execution,
     * restart and stop settings, hsu-resources reads {@code limits}; this module checks the
     * executable and reads the per-worker {@code log_collection}.
     */
    private void managedControl(WorkerId id, ConfigNode control, WorkerConfig.Builder builder, ProfileType profile,
                                LogCollectionConfig.Builder logs, boolean integrated) {
        ConfigNode execution = control.get("execution");
        executable(execution.get("executable_path"));
        if (integrated && execution.get("args").isList() && execution.get("args").asStringList().contains("--port")) {
            problems.error(execution.get("args"), "must not contain --port: HSU appends '--port N' to an integrated worker");
        }
        ProcessConfigReader.readManaged(id, profile.yamlName(), WorkerConfig.UNSET_STATE_DIRECTORY, control)
                .ifPresent(builder::process);
        builder.limits(ResourceLimitsYaml.read(control.get("limits")));
        builder.violationWindows(ResourceLimitsYaml.readWindows(control.get("context_aware_restart")));
        ConfigNode log = control.get("log_collection");
        if (!log.isMissing()) {
            WorkerLogConfig workerLog = workerLog(log);
            if (workerLog != null) {
                logs.worker(id, workerLog);
            }
        }
    }

    /** An existing, executable regular file; PATH is not searched (setsid would hide "not found"). */
    private Path executable(ConfigNode node) {
        String text = node.asString(null);
        if (text == null) {
            return null;
        }
        if (text.indexOf('\0') >= 0) {
            return null; // reading the path reports it
        }
        if (!text.isBlank() && text.indexOf('/') < 0) {
            String hint = onPath(text).map(p -> "; did you mean '" + p + "'?").orElse("");
            problems.error(node, "must be a path: '" + text + "' is a bare name and PATH is not searched" + hint);
            return null;
        }
        Path path = node.asPath(null);
        if (path == null) {
            return null;
        }
        if (!Files.exists(path)) {
            problems.error(node, "'" + path + "' does not exist");
            return null;
        }
        if (Files.isDirectory(path)) {
            problems.error(node, "'" + path + "' is a directory, not a program");
            return null;
        }
        if (!Files.isExecutable(path)) {
            String mode = "";
            try {
                mode = " (mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) + ")";
            } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
                // the mode is only a hint
            }
            problems.error(node, "'" + path + "' is not executable" + mode + "; run chmod +x on it");
            return null;
        }
        return path;
    }

    private static Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                try {
                    Path candidate = Path.of(dir, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate.toString());
                    }
                } catch (java.nio.file.InvalidPathException e) {
                    return Optional.empty(); // only a hint
                }
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ logs
    // hsu-logs has the records but no YAML reader; this is it.

    private LogCollectionConfig.Builder logCollection(ConfigNode node) {
        LogCollectionConfig.Builder builder = LogCollectionConfig.builder();
        if (node.isMissing()) {
            return builder;
        }
        node.allowKeys("enabled", "global_aggregation", "default_worker", "system");
        boolean enabled = node.get("enabled").asBoolean(true);
        builder.enabled(enabled);
        ConfigNode global = node.get("global_aggregation").allowKeys("enabled", "targets");
        boolean globalEnabled = global.get("enabled").asBoolean(false);
        List<OutputConfig> targets = outputs(global.get("targets"));
        if (globalEnabled) {
            builder.aggregation(targets);
        }
        ConfigNode defaultWorker = node.get("default_worker");
        if (!defaultWorker.isMissing()) {
            WorkerLogConfig worker = workerLog(defaultWorker);
            if (worker != null) {
                builder.defaultWorker(worker);
            }
        }
        ConfigNode system = node.get("system").allowKeys("worker_directory", "buffer_size", "flush_interval", "max_workers");
        Path directory = system.get("worker_directory").asPath(null);
        if (directory != null) {
            builder.workerDirectory(directory);
        }
        system.get("buffer_size").asSize(ByteSize.ZERO);
        system.get("flush_interval").asDuration(Duration.ofSeconds(1));
        system.get("max_workers").asInt(1, 1_000_000, 1000);
        return builder;
    }

    /** A {@code <worker-log>}; null when it has errors (they are in the problems). */
    private WorkerLogConfig workerLog(ConfigNode node) {
        node.allowKeys("enabled", "capture_stdout", "capture_stderr", "buffering", "processing", "outputs");
        WorkerLogConfig.Builder b = WorkerLogConfig.builder();
        b.enabled(node.get("enabled").asBoolean(true));
        b.captureStdout(node.get("capture_stdout").asBoolean(true));
        b.captureStderr(node.get("capture_stderr").asBoolean(true));
        ConfigNode buffering = node.get("buffering").allowKeys("size", "flush_interval", "max_lines");
        ConfigNode size = buffering.get("size");
        if (!size.isMissing()) {
            b.tailBytes(size.asSize(ByteSize.ZERO).bytes());
        }
        buffering.get("flush_interval").asDuration(Duration.ofSeconds(1));
        ConfigNode maxLines = buffering.get("max_lines");
        if (!maxLines.isMissing()) {
            b.tailMaxLines(maxLines.asInt(1, 10_000_000, 10_000));
        }
        processing(node.get("processing"), b);
        ConfigNode outputs = node.get("outputs").allowKeys("separate", "forwarding");
        ConfigNode separate = outputs.get("separate").allowKeys("stdout", "stderr");
        b.stdoutOutputs(outputs(separate.get("stdout")));
        b.stderrOutputs(outputs(separate.get("stderr")));
        b.forwarding(outputs(outputs.get("forwarding")));
        try {
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            problems.error(node, e.getMessage());
            return null;
        }
    }

    private void processing(ConfigNode node, WorkerLogConfig.Builder b) {
        if (node.isMissing()) {
            return;
        }
        node.allowKeys("parse_structured", "add_metadata", "filters", "parsers", "alerts");
        ConfigNode structured = node.get("parse_structured");
        if (!structured.isMissing()) {
            b.parseStructured(structured.asBoolean(true));
        }
        ConfigNode metadata = node.get("add_metadata");
        if (!metadata.isMissing()) {
            b.addMetadata(metadata.asBoolean(true));
        }
        ConfigNode filters = node.get("filters").allowKeys("include_patterns", "exclude_patterns", "level_filter");
        for (ConfigNode item : filters.get("include_patterns").items()) {
            regex(item).ifPresent(b::include);
        }
        for (ConfigNode item : filters.get("exclude_patterns").items()) {
            regex(item).ifPresent(b::exclude);
        }
        ConfigNode level = filters.get("level_filter");
        if (!level.isMissing()) {
            b.levelFilter(level.asEnum(LogLevel.class, LogLevel.INFO));
        }
        for (ConfigNode parser : node.get("parsers").items()) {
            parser.allowKeys("type", "enabled", "config");
            String type = parser.get("type").require().asChoice(List.of("json", "logfmt", "timestamp_extraction"), null);
            boolean on = parser.get("enabled").asBoolean(true);
            parser.get("config").entries();
            if ("json".equals(type)) {
                b.parseJson(on);
            } else if ("logfmt".equals(type)) {
                b.parseLogfmt(on);
            }
        }
        for (ConfigNode alert : node.get("alerts").items()) {
            alert.allowKeys("pattern", "rate_limit");
            Optional<String> pattern = regex(alert.get("pattern").require());
            Duration rate = alert.get("rate_limit").asDuration(Duration.ofMinutes(1));
            pattern.ifPresent(p -> b.alert(AlertRule.of(p, rate)));
        }
    }

    private Optional<String> regex(ConfigNode node) {
        String text = node.asString(null);
        if (text == null) {
            return Optional.empty();
        }
        try {
            Pattern.compile(text);
            return Optional.of(text);
        } catch (java.util.regex.PatternSyntaxException e) {
            problems.error(node, "is not a valid regular expression: " + e.getDescription());
            return Optional.empty();
        }
    }

    private List<OutputConfig> outputs(ConfigNode node) {
        List<OutputConfig> result = new ArrayList<>();
        for (ConfigNode item : node.items()) {
            OutputConfig output = output(item);
            if (output != null) {
                result.add(output);
            }
        }
        return result;
    }

    /** One {@code <output>}; null when it has errors. */
    private OutputConfig output(ConfigNode node) {
        node.allowKeys("type", "path", "format", "prefix", "rotation", "overflow", "config", "authentication");
        OutputType type = node.get("type").require().asEnum(OutputType.class, null);
        ConfigNode pathNode = node.get("path");
        String path = null;
        if (type == OutputType.FILE && pathNode.isMissing()) {
            problems.error(pathNode, "is required when type is file");
        } else if (!pathNode.isMissing()) {
            Path resolved = pathNode.asPath(null);
            path = resolved == null ? null : resolved.toString();
        }
        LogFormat format = node.get("format").asEnum(LogFormat.class, LogFormat.PLAIN);
        String prefix = node.get("prefix").asString("");
        ConfigNode rotationNode = node.get("rotation").allowKeys("max_size", "max_files", "max_age", "compress");
        RotationConfig d = RotationConfig.DEFAULTS;
        ConfigNode maxSizeNode = rotationNode.get("max_size");
        long maxSize = maxSizeNode.asSize(ByteSize.ofBytes(d.maxSize())).bytes();
        if (maxSize < 1024 && !maxSizeNode.isMissing()) {
            problems.error(maxSizeNode, "must be at least 1KiB, but was " + maxSize);
            maxSize = d.maxSize();
        }
        int maxFiles = rotationNode.get("max_files").asInt(1, 10_000, d.maxFiles());
        Duration maxAge = rotationNode.get("max_age").asDuration(Duration.ofSeconds(1), io.hsu.core.Durations.MAX, d.maxAge());
        boolean compress = rotationNode.get("compress").asBoolean(d.compress());
        OverflowPolicy overflow = node.get("overflow").asEnum(OverflowPolicy.class, null);
        ConfigNode config = node.get("config").allowKeys("address", "facility", "url", "index");
        String address = config.get("address").asString(null);
        String facility = config.get("facility").asString(null);
        String url = config.get("url").asString(null);
        String index = config.get("index").asString(null);
        if (type == OutputType.SYSLOG && address == null) {
            problems.error(config.get("address"), "is required for a syslog output (like udp://127.0.0.1:514)");
        }
        if ((type == OutputType.ELASTICSEARCH || type == OutputType.HTTP) && url == null) {
            problems.error(config.get("url"), "is required for an " + type.name().toLowerCase(Locale.ROOT) + " output");
        }
        ConfigNode auth = node.get("authentication").allowKeys("type", "username", "password", "token", "cert_file", "key_file");
        String authType = null;
        if (!auth.isMissing()) {
            authType = auth.get("type").require().asChoice(List.of("basic", "bearer", "tls"), null);
            auth.get("cert_file").asPath(null);
            auth.get("key_file").asPath(null);
        }
        if (type == null || (type == OutputType.FILE && path == null)) {
            return null;
        }
        OutputConfig.Builder b = OutputConfig.builder(type).format(format).prefix(prefix)
                .rotation(new RotationConfig(maxSize, maxFiles, maxAge, compress));
        if (path != null) {
            b.path(path);
        }
        if (overflow != null) {
            b.overflow(overflow);
        }
        if ("basic".equals(authType)) {
            b.basicAuth(auth.get("username").asString(""), auth.get("password").asString(""));
        } else if ("bearer".equals(authType)) {
            b.bearerAuth(auth.get("token").asString(""));
        }
        try {
            if (address != null) {
                b.address(address);
            }
            if (facility != null) {
                b.facility(facility);
            }
            if (url != null) {
                b.url(url);
            }
            if (index != null) {
                b.index(index);
            }
        } catch (IllegalArgumentException e) {
            problems.error(config, e.getMessage());
            return null;
        }
        try {
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            problems.error(node, e.getMessage());
            return null;
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Optional<String> closest(String wanted, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = levenshtein(wanted, candidate, 3);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(1, Math.min(3, wanted.length() / 3)) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Edit distance, giving up (returning limit + 1) once it must exceed {@code limit}. */
    private static int levenshtein(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
