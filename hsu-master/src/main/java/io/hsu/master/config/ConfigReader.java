package io.hsu.master.config;

import io.hsu.core.ByteSize;
import io.hsu.core.WorkerId;
import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblems;
import io.hsu.core.posix.Signal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * one {@link ConfigProblems}. Sections that other modules will own (health, limits, logs,
 * execution and restart) are read here with strict readers of the same shape until those modules'
 * readers are wired in.
 *
 * <p>Not thread-safe: one instance per load.
 */
final class ConfigReader {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern UMASK = Pattern.compile("0?[0-7]{3}");
    private static final List<String> STOP_SIGNALS = List.of("TERM", "INT", "QUIT", "HUP", "USR1", "USR2", "KILL");
    private static final List<String> LOG_LEVELS = List.of("debug", "info", "warn", "error");
    private static final List<String> POLICIES = List.of("none", "log", "alert", "throttle", "graceful_shutdown",
            "immediate_kill", "restart", "restart_adjusted");
    private static final List<String> OUTPUT_TYPES = List.of("file", "stdout", "stderr", "master_stdout", "syslog",
            "elasticsearch", "http");
    private static final List<String> FORMATS = List.of("plain", "enhanced_plain", "json", "structured_json");
    private static final List<String> DISCOVERY_METHODS = List.of("pid-file", "process-name", "port", "service-name",
            "cmdline", "parent", "user", "cwd");
    private static final List<String> CHECK_KEYS = List.of("type", "http", "grpc", "tcp", "exec", "file", "composite");
    private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    private final ConfigProblems problems;

    ConfigReader(ConfigProblems problems) {
        this.problems = problems;
    }

    /** Reads everything; the result is meaningful only when {@code problems} has no errors. */
    HsuConfig read(ConfigNode root, Optional<Path> file) {
        if (root.isMissing()) {
            return new HsuConfig(file, MasterSettings.DEFAULTS, LogCollectionConfig.DEFAULTS, List.of(), List.of());
        }
        if (!root.isMapping()) {
            problems.error(root, "the config must be a mapping with 'workers' (and optionally 'master' and 'log_collection'), but was "
                    + (root.isList() ? "a list" : "a single value"));
            return new HsuConfig(file, MasterSettings.DEFAULTS, LogCollectionConfig.DEFAULTS, List.of(), List.of());
        }
        root.allowKeys("master", "log_collection", "workers");
        MasterSettings master = master(root.get("master"));
        LogCollectionConfig logs = logCollection(root.get("log_collection"));
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
        return new HsuConfig(file, master, logs, workers, List.of());
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

    private WorkerConfig worker(ConfigNode node, LogCollectionConfig logs, Map<String, ConfigNode> idNodes,
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
        WorkerConfig.Builder builder = WorkerConfig.builder(id == null ? WorkerId.of("invalid") : id, type)
                .profileType(profile).enabled(enabled).dependsOn(dependencies);
        switch (type) {
            case MANAGED:
                body.allowKeys("metadata", "control", "health_check", "probes");
                metadata(body.get("metadata"), builder);
                managedControl(body.get("control").require(), builder, profile, logs, false);
                builder.probes(probes(body.get("health_check"), body.get("probes"), null));
                break;
            case INTEGRATED:
                body.allowKeys("metadata", "control", "health_check_run_options", "probes");
                metadata(body.get("metadata"), builder);
                managedControl(body.get("control").require(), builder, profile, logs, true);
                CheckTiming timing = runOptions(body.get("health_check_run_options"), Duration.ofSeconds(30));
                // The port is known only at start; the master fills it in (port 0 here).
                Probe grpc = new Probe(new HealthCheck.Grpc("127.0.0.1", 0, "", false), timing);
                builder.probes(probes(null, body.get("probes"), grpc));
                break;
            case UNMANAGED:
            default:
                body.allowKeys("metadata", "discovery", "control", "health_check", "probes", "log_files");
                metadata(body.get("metadata"), builder);
                builder.discovery(discovery(body.get("discovery").require()));
                builder.unmanagedControl(unmanagedControl(body.get("control")));
                builder.probes(probes(body.get("health_check"), body.get("probes"), null));
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

    private void managedControl(ConfigNode node, WorkerConfig.Builder builder, ProfileType profile,
                                LogCollectionConfig logs, boolean integrated) {
        node.allowKeys("execution", "process_file", "restart_policy", "success_exit_codes", "context_aware_restart",
                "limits", "graceful_timeout", "stop_signal", "log_collection");
        ExecutionConfig execution = execution(node.get("execution").require(), integrated);
        if (execution != null) {
            builder.execution(execution);
        }
        processFile(node.get("process_file"));
        builder.restart(restart(node, profile));
        builder.limits(limits(node.get("limits")));
        builder.gracefulTimeout(node.get("graceful_timeout").asDuration(Duration.ZERO, MAX_TIMEOUT, Duration.ofSeconds(30)));
        String signal = node.get("stop_signal").asChoice(STOP_SIGNALS, "TERM");
        builder.stopSignal(Signal.fromName(signal).orElse(Signal.TERM));
        ConfigNode log = node.get("log_collection");
        builder.log(log.isMissing() ? logs.defaultWorker() : workerLog(log));
    }

    private ExecutionConfig execution(ConfigNode node, boolean integrated) {
        if (node.isMissing()) {
            return null;
        }
        node.allowKeys("executable_path", "args", "environment", "inherit_environment", "working_directory",
                "wait_delay", "user", "group", "umask");
        Path executable = executable(node.get("executable_path").require());
        List<String> args = node.get("args").asStringList();
        if (integrated && args.contains("--port")) {
            problems.error(node.get("args"), "must not contain --port: HSU appends '--port N' to an integrated worker");
        }
        List<String> environment = node.get("environment").asStringList();
        for (int i = 0; i < environment.size(); i++) {
            String entry = environment.get(i);
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            if (eq < 0 || !ENV_NAME.matcher(name).matches()) {
                problems.error(node.get("environment").at(i), "must be KEY=value with KEY of letters, digits and '_', but was '"
                        + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + (eq < 0 ? "'" : "=...'"));
            }
        }
        boolean inherit = node.get("inherit_environment").asBoolean(true);
        ConfigNode wdNode = node.get("working_directory");
        Path workingDirectory = wdNode.asPath(null);
        if (workingDirectory != null && !Files.isDirectory(workingDirectory)) {
            problems.error(wdNode, "directory '" + workingDirectory + "' does not exist");
        }
        Duration waitDelay = node.get("wait_delay").asDuration(Duration.ZERO, MAX_TIMEOUT, Duration.ofSeconds(10));
        Optional<String> user = Optional.ofNullable(node.get("user").asString(null));
        Optional<String> group = Optional.ofNullable(node.get("group").asString(null));
        ConfigNode umaskNode = node.get("umask");
        Optional<String> umask = Optional.ofNullable(umaskNode.asString(null));
        if (umask.isPresent() && !UMASK.matcher(umask.get()).matches()) {
            problems.error(umaskNode, "must be three octal digits like \"027\", but was '" + umask.get() + "'");
        }
        if (executable == null) {
            return null;
        }
        if (workingDirectory == null) {
            workingDirectory = executable.getParent() == null ? executable : executable.getParent();
        }
        return new ExecutionConfig(executable, args, environment, inherit, workingDirectory, waitDelay, user, group, umask);
    }

    /** An existing, executable regular file; PATH is not searched (setsid would hide "not found"). */
    private Path executable(ConfigNode node) {
        String text = node.asString(null);
        if (text == null) {
            return null;
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
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }

    private void processFile(ConfigNode node) {
        if (node.isMissing()) {
            return;
        }
        node.allowKeys("basedirectory", "servicecontext", "appname", "usesubdirectory");
        node.get("basedirectory").asPath(null);
        node.get("servicecontext").asChoice(List.of("system", "user", "session"), "user");
        String app = node.get("appname").asString("hsu");
        if (app.isBlank() || app.contains("/")) {
            problems.error(node.get("appname"), "must be a plain name without '/', but was '" + app + "'");
        }
        node.get("usesubdirectory").asBoolean(true);
    }

    private RestartSettings restart(ConfigNode control, ProfileType profile) {
        RestartMode mode = control.get("restart_policy").asEnum(RestartMode.class, m -> m.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                RestartMode.ON_FAILURE);
        Set<Integer> success = new LinkedHashSet<>();
        ConfigNode codes = control.get("success_exit_codes");
        for (ConfigNode code : codes.items()) {
            success.add(code.asInt(0, 255, 0));
        }
        if (success.isEmpty()) {
            if (codes.isList()) {
                problems.error(codes, "must list at least one exit code");
            }
            success.add(0);
        }
        ConfigNode node = control.get("context_aware_restart");
        RestartSettings d = RestartSettings.DEFAULTS;
        if (node.isMissing()) {
            return new RestartSettings(mode, success, d.onExit(), d.healthFailures(), d.resourceViolations(),
                    d.startupGracePeriod(), d.maxDelay(), d.jitter(), d.window(), d.resetAfter(), 1.0);
        }
        node.allowKeys("default", "health_failures", "resource_violations", "severity_multipliers",
                "worker_profile_multipliers", "startup_grace_period", "sustained_violation_time", "spike_tolerance_time",
                "max_delay", "jitter", "window", "reset_after");
        RetrySettings onExit = retry(node.get("default"), d.onExit());
        RetrySettings health = retry(node.get("health_failures"), d.healthFailures());
        RetrySettings resources = retry(node.get("resource_violations"), d.resourceViolations());
        ConfigNode severity = node.get("severity_multipliers").allowKeys("warning", "critical", "emergency");
        for (String key : List.of("warning", "critical", "emergency")) {
            severity.get(key).asDouble(0.0, 100.0, 1.0);
        }
        Map<ProfileType, Double> multipliers = new EnumMap<>(ProfileType.class);
        ConfigNode profiles = node.get("worker_profile_multipliers");
        List<String> profileNames = new ArrayList<>();
        for (ProfileType p : ProfileType.values()) {
            profileNames.add(p.yamlName());
        }
        profiles.allowKeys(profileNames);
        for (ProfileType p : ProfileType.values()) {
            ConfigNode m = profiles.get(p.yamlName());
            if (!m.isMissing()) {
                double value = m.asDouble(0.0, 100.0, 1.0);
                if (value <= 0) {
                    problems.error(m, "must be > 0, but was " + value);
                } else {
                    multipliers.put(p, value);
                }
            }
        }
        Duration grace = node.get("startup_grace_period").asDuration(d.startupGracePeriod());
        node.get("sustained_violation_time").asDuration(Duration.ofMinutes(5));
        node.get("spike_tolerance_time").asDuration(Duration.ZERO);
        Duration maxDelay = node.get("max_delay").asDuration(d.maxDelay());
        double jitter = node.get("jitter").asDouble(0.0, 1.0, d.jitter());
        Duration window = node.get("window").asDuration(d.window());
        Duration resetAfter = node.get("reset_after").asDuration(d.resetAfter());
        if (onExit.retryDelay().compareTo(maxDelay) > 0 && !node.get("max_delay").isMissing()) {
            problems.error(node.get("max_delay"), "must be >= default.retry_delay (" + io.hsu.core.Durations.format(onExit.retryDelay())
                    + "), but was " + io.hsu.core.Durations.format(maxDelay));
        }
        double multiplier = multipliers.getOrDefault(profile, 1.0);
        return new RestartSettings(mode, success, onExit, health, resources, grace, maxDelay, jitter, window, resetAfter,
                multiplier);
    }

    private RetrySettings retry(ConfigNode node, RetrySettings defaults) {
        if (node.isMissing()) {
            return defaults;
        }
        node.allowKeys("max_retries", "retry_delay", "backoff_rate");
        int retries = node.get("max_retries").asInt(0, 1_000_000, defaults.maxRetries());
        Duration delay = node.get("retry_delay").asDuration(defaults.retryDelay());
        double rate = node.get("backoff_rate").asDouble(1.0, 100.0, defaults.backoffRate());
        return new RetrySettings(retries, delay, rate);
    }

    // ------------------------------------------------------------------ limits

    private LimitsConfig limits(ConfigNode node) {
        if (node.isMissing()) {
            return LimitsConfig.NONE;
        }
        node.allowKeys("priority", "cpu_shares", "memory", "cpu", "io", "process", "monitoring", "enforcement");
        int priority = node.get("priority").asInt(-20, 19, 0);
        node.get("cpu_shares").asLong(0, 262_144, 0);
        ConfigNode enforcement = node.get("enforcement").allowKeys("cgroup", "cgroup_parent", "rlimits");
        String cgroup = enforcement.get("cgroup").asChoice(List.of("auto", "required", "off"), "auto");
        String parent = enforcement.get("cgroup_parent").asString("hsu");
        if (parent.isBlank() || parent.contains("..")) {
            problems.error(enforcement.get("cgroup_parent"), "must be a relative cgroup name without '..', but was '" + parent + "'");
        }
        enforcement.get("rlimits").asBoolean(true);
        Map<String, String> policies = new LinkedHashMap<>();

        ConfigNode memory = node.get("memory").allowKeys("max_rss", "max_virtual", "max_swap", "warning_threshold", "policy");
        long maxRss = size(memory.get("max_rss"));
        size(memory.get("max_virtual"));
        size(memory.get("max_swap"));
        limitPolicy(memory, "memory", cgroup, policies);

        ConfigNode cpu = node.get("cpu").allowKeys("max_percent", "max_cores", "max_time", "warning_threshold", "policy");
        double maxCpu = cpu.get("max_percent").asDouble(0, 100_000, 0);
        cpu.get("max_cores").asDouble(0, 4096, 0);
        cpu.get("max_time").asDuration(Duration.ZERO);
        limitPolicy(cpu, "cpu", cgroup, policies);

        ConfigNode io = node.get("io").allowKeys("weight", "max_read_bps", "max_write_bps", "max_read_ops", "max_write_ops",
                "warning_threshold", "policy");
        int weight = io.get("weight").asInt(0, 10_000, 0);
        long ioMax = 0;
        for (String key : List.of("max_read_bps", "max_write_bps", "max_read_ops", "max_write_ops")) {
            ioMax += io.get(key).asLong(0, Long.MAX_VALUE / 8, 0);
        }
        limitPolicy(io, "io", cgroup, policies);
        if ((weight > 0 || ioMax > 0) && "off".equals(cgroup)) {
            problems.error(io, "I/O limits need a cgroup, but limits.enforcement.cgroup is off");
        }

        ConfigNode process = node.get("process").allowKeys("max_processes", "max_file_descriptors", "max_child_processes",
                "warning_threshold", "policy");
        long maxProcesses = process.get("max_processes").asLong(0, 4_194_304, 0);
        long maxFds = process.get("max_file_descriptors").asLong(0, 1L << 30, 0);
        process.get("max_child_processes").asLong(0, 4_194_304, 0);
        limitPolicy(process, "process", cgroup, policies);

        ConfigNode monitoring = node.get("monitoring").allowKeys("enabled", "interval", "history_retention", "alerting_enabled");
        monitoring.get("enabled").asBoolean(true);
        positive(monitoring.get("interval"), Duration.ofSeconds(30));
        monitoring.get("history_retention").asDuration(Duration.ofHours(24));
        monitoring.get("alerting_enabled").asBoolean(true);

        if ("required".equals(cgroup) && !PlatformSupport.hasCgroupController("cpu")
                && !PlatformSupport.hasCgroupController("memory")) {
            problems.error(enforcement.get("cgroup"), "is required, but this host has no writable cgroup hierarchy"
                    + " (HSU needs root and a writable /sys/fs/cgroup)");
        }
        LimitsConfig limits = new LimitsConfig(priority, maxRss, maxCpu, maxFds, maxProcesses, policies, cgroup);
        if (limits.any() && !PlatformSupport.isLinux()) {
            problems.error(node, "resource limits are enforced on Linux only; this host runs " + System.getProperty("os.name"));
        }
        return limits;
    }

    private long size(ConfigNode node) {
        ByteSize size = node.asSize(ByteSize.ZERO);
        return size.bytes();
    }

    private void limitPolicy(ConfigNode section, String resource, String cgroup, Map<String, String> policies) {
        if (section.isMissing()) {
            return;
        }
        section.get("warning_threshold").asDouble(0, 100, 80);
        ConfigNode policyNode = section.get("policy");
        String policy = policyNode.asChoice(POLICIES, null);
        if (policy == null) {
            return;
        }
        policies.put(resource, policy);
        if (!"throttle".equals(policy)) {
            return;
        }
        if ("process".equals(resource)) {
            problems.error(policyNode, "process limits cannot be throttled; use log, alert, graceful_shutdown, immediate_kill or restart");
        } else if ("off".equals(cgroup)) {
            problems.error(policyNode, "throttle needs a cgroup, but limits.enforcement.cgroup is off");
        } else if (!PlatformSupport.hasCgroupController(resource)) {
            problems.error(policyNode, "throttle needs the '" + resource + "' cgroup controller, which this host does not offer"
                    + " (no writable cgroup hierarchy with it); use log, alert or restart");
        }
    }

    // ------------------------------------------------------------------ health

    private ProbesConfig probes(ConfigNode healthCheck, ConfigNode probesNode, Probe integratedLiveness) {
        Optional<Probe> liveness = Optional.ofNullable(integratedLiveness);
        if (healthCheck != null && !healthCheck.isMissing()) {
            List<String> keys = new ArrayList<>(CHECK_KEYS);
            keys.add("run_options");
            healthCheck.allowKeys(keys);
            HealthCheck check = check(healthCheck, true);
            CheckTiming timing = runOptions(healthCheck.get("run_options"), Duration.ofSeconds(10));
            if (check != null && timing.enabled()) {
                liveness = Optional.of(new Probe(check, timing));
            }
        }
        Optional<Probe> startup = Optional.empty();
        Optional<Probe> readiness = Optional.empty();
        if (probesNode != null && !probesNode.isMissing()) {
            probesNode.allowKeys("startup", "readiness", "liveness");
            startup = probe(probesNode.get("startup"), Duration.ofSeconds(1), 30);
            readiness = probe(probesNode.get("readiness"), Duration.ofSeconds(5), 3);
            Optional<Probe> live = probe(probesNode.get("liveness"), Duration.ofSeconds(10), 3);
            if (live.isPresent()) {
                if (liveness.isPresent() && healthCheck != null && !healthCheck.isMissing()) {
                    problems.error(probesNode.get("liveness"), "conflicts with health_check, which is also a liveness check; keep one");
                }
                liveness = live;
            }
        }
        return new ProbesConfig(startup, readiness, liveness);
    }

    private Optional<Probe> probe(ConfigNode node, Duration defaultPeriod, int defaultFailures) {
        if (node.isMissing()) {
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>(CHECK_KEYS);
        keys.addAll(List.of("initial_delay", "period", "timeout", "success_threshold", "failure_threshold"));
        node.allowKeys(keys);
        HealthCheck check = check(node, true);
        Duration initial = node.get("initial_delay").asDuration(Duration.ZERO);
        Duration period = positive(node.get("period"), defaultPeriod);
        Duration timeout = positive(node.get("timeout"), Duration.ofSeconds(1));
        int successes = node.get("success_threshold").asInt(1, 1000, 1);
        int failures = node.get("failure_threshold").asInt(1, 1000, defaultFailures);
        return check == null ? Optional.empty()
                : Optional.of(new Probe(check, new CheckTiming(true, initial, period, timeout, successes, failures)));
    }

    private CheckTiming runOptions(ConfigNode node, Duration defaultInterval) {
        if (node.isMissing()) {
            return new CheckTiming(true, Duration.ZERO, defaultInterval, Duration.ofSeconds(5), 1, 3);
        }
        node.allowKeys("enabled", "interval", "timeout", "initial_delay", "retries");
        boolean enabled = node.get("enabled").asBoolean(true);
        Duration interval = positive(node.get("interval"), defaultInterval);
        Duration timeout = positive(node.get("timeout"), Duration.ofSeconds(5));
        Duration initial = node.get("initial_delay").asDuration(Duration.ZERO);
        int retries = node.get("retries").asInt(1, 1000, 3);
        return new CheckTiming(enabled, initial, interval, timeout, 1, retries);
    }

    private Duration positive(ConfigNode node, Duration defaultValue) {
        return node.asDuration(Duration.ofMillis(1), MAX_TIMEOUT, defaultValue);
    }

    /** One check: {@code type} and the matching sub-mapping. */
    private HealthCheck check(ConfigNode node, boolean allowComposite) {
        ConfigNode typeNode = node.get("type");
        List<String> types = allowComposite ? List.of("http", "grpc", "tcp", "exec", "process", "file", "composite")
                : List.of("http", "grpc", "tcp", "exec", "process", "file");
        String type = typeNode.require().asChoice(types, null);
        for (String other : List.of("http", "grpc", "tcp", "exec", "file", "composite")) {
            if (!other.equals(type) && !node.get(other).isMissing() && type != null) {
                problems.error(node.get(other), "is set, but type is '" + type + "'; remove it or change the type");
            }
        }
        if (type == null) {
            return null;
        }
        ConfigNode body = node.get(type);
        if (!"process".equals(type) && body.isMissing()) {
            problems.error(body, "is required when type is " + type);
            return null;
        }
        switch (type) {
            case "http": {
                body.allowKeys("url", "method", "headers", "expected_status", "body_contains");
                URI url = url(body.get("url").require());
                String method = body.get("method").asChoice(List.of("GET", "HEAD", "POST", "PUT", "OPTIONS"), "GET");
                Map<String, String> headers = body.get("headers").asStringMap();
                int[] status = expectedStatus(body.get("expected_status"));
                String contains = body.get("body_contains").asString("");
                return url == null ? null : new HealthCheck.Http(url, method, headers, status[0], status[1], contains);
            }
            case "grpc": {
                body.allowKeys("address", "service", "tls");
                HostPort address = hostPort(body.get("address").require());
                String service = body.get("service").asString("");
                boolean tls = body.get("tls").asBoolean(false);
                return address == null ? null : new HealthCheck.Grpc(address.host(), address.port(), service, tls);
            }
            case "tcp": {
                body.allowKeys("address", "port");
                String host = body.get("address").asString("127.0.0.1");
                int port = body.get("port").require().asInt(1, 65535, 0);
                return port == 0 ? null : new HealthCheck.Tcp(host, port);
            }
            case "exec": {
                body.allowKeys("command", "args");
                Path command = executable(body.get("command").require());
                List<String> args = body.get("args").asStringList();
                return command == null ? null : new HealthCheck.Exec(command, args);
            }
            case "file": {
                body.allowKeys("path", "max_age", "contains");
                Path path = body.get("path").require().asPath(null);
                Duration maxAge = body.get("max_age").asDuration(null);
                String contains = body.get("contains").asString("");
                return path == null ? null : new HealthCheck.File(path, Optional.ofNullable(maxAge), contains);
            }
            case "composite": {
                body.allowKeys("mode", "checks");
                String mode = body.get("mode").asChoice(List.of("all", "any"), "all");
                List<HealthCheck> checks = new ArrayList<>();
                ConfigNode list = body.get("checks").require();
                for (ConfigNode item : list.items()) {
                    item.allowKeys(CHECK_KEYS.subList(0, CHECK_KEYS.size() - 1));
                    HealthCheck c = check(item, false);
                    if (c != null) {
                        checks.add(c);
                    }
                }
                if (list.isList() && list.items().isEmpty()) {
                    problems.error(list, "must list at least one check");
                }
                return new HealthCheck.Composite("all".equals(mode), checks);
            }
            default:
                return new HealthCheck.ProcessAlive();
        }
    }

    private URI url(ConfigNode node) {
        String text = node.asString(null);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text.strip());
            if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getHost() == null) {
                problems.error(node, "must be an http:// or https:// URL with a host, but was '" + text + "'");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.error(node, "is not a valid URL: " + e.getReason());
            return null;
        }
    }

    private int[] expectedStatus(ConfigNode node) {
        if (node.isMissing()) {
            return new int[] {200, 399};
        }
        if (node.isScalar()) {
            int code = node.asInt(100, 599, 200);
            return new int[] {code, code};
        }
        List<ConfigNode> items = node.items();
        if (items.size() != 2) {
            problems.error(node, "must be one status or a range [min, max], but had " + items.size() + " items");
            return new int[] {200, 399};
        }
        int min = items.get(0).asInt(100, 599, 200);
        int max = items.get(1).asInt(100, 599, 399);
        if (min > max) {
            problems.error(node, "the range must be [min, max] with min <= max, but was [" + min + ", " + max + "]");
        }
        return new int[] {min, max};
    }

    private record HostPort(String host, int port) {
    }

    private HostPort hostPort(ConfigNode node) {
        String text = node.asString(null);
        if (text == null) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            problems.error(node, "must be host:port like 127.0.0.1:50051, but was '" + text + "'");
            return null;
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new HostPort(host, port);
        } catch (NumberFormatException e) {
            problems.error(node, "must end in a port between 1 and 65535, but was '" + text + "'");
            return null;
        }
    }

    // ------------------------------------------------------------------ unmanaged

    private DiscoveryConfig discovery(ConfigNode node) {
        if (node.isMissing()) {
            return null;
        }
        node.allowKeys("method", "pid_file", "process_name", "process_args", "port", "protocol", "service_name", "check_interval");
        String method = node.get("method").require().asChoice(DISCOVERY_METHODS, null);
        Optional<Path> pidFile = Optional.ofNullable(node.get("pid_file").asPath(null));
        ConfigNode nameNode = node.get("process_name");
        Optional<String> processName = Optional.ofNullable(nameNode.asString(null));
        if (processName.isPresent()) {
            try {
                Pattern.compile(processName.get());
            } catch (java.util.regex.PatternSyntaxException e) {
                problems.error(nameNode, "is not a valid regular expression: " + e.getDescription());
            }
        }
        List<String> args = node.get("process_args").asStringList();
        int port = node.get("port").asInt(0, 65535, 0);
        String protocol = node.get("protocol").asChoice(List.of("tcp", "udp"), "tcp");
        Optional<String> service = Optional.ofNullable(node.get("service_name").asString(null));
        Duration interval = positive(node.get("check_interval"), Duration.ofSeconds(30));
        if (method == null) {
            return null;
        }
        switch (method) {
            case "pid-file":
                if (pidFile.isEmpty()) {
                    problems.error(node.get("pid_file"), "is required when method is pid-file");
                }
                break;
            case "process-name":
                if (processName.isEmpty()) {
                    problems.error(nameNode, "is required when method is process-name");
                }
                break;
            case "port":
                if (port == 0) {
                    problems.error(node.get("port"), "is required when method is port");
                }
                break;
            case "service-name":
                if (service.isEmpty()) {
                    problems.error(node.get("service_name"), "is required when method is service-name");
                }
                break;
            case "cmdline":
                if (args.isEmpty() && processName.isEmpty()) {
                    problems.error(node.get("process_args"), "is required when method is cmdline (or give process_name)");
                }
                break;
            default:
                break;
        }
        return new DiscoveryConfig(method, pidFile, processName, args, port, protocol, service, interval);
    }

    private UnmanagedControl unmanagedControl(ConfigNode node) {
        node.allowKeys("can_terminate", "can_restart", "allowed_signals", "service_manager", "service_name", "graceful_timeout");
        boolean terminate = node.get("can_terminate").asBoolean(false);
        boolean restart = node.get("can_restart").asBoolean(false);
        List<Signal> signals = new ArrayList<>();
        for (ConfigNode item : node.get("allowed_signals").items()) {
            String name = item.asString(null);
            if (name != null) {
                Optional<Signal> signal = Signal.fromName(name);
                if (signal.isEmpty()) {
                    problems.error(item, "unknown signal '" + name + "'; use names like TERM, HUP, USR1");
                } else {
                    signals.add(signal.get());
                }
            }
        }
        Optional<String> manager = Optional.ofNullable(node.get("service_manager").asChoice(List.of("systemd", "launchd", "windows"), null));
        Optional<String> service = Optional.ofNullable(node.get("service_name").asString(null));
        if (manager.isPresent() && service.isEmpty()) {
            problems.error(node.get("service_name"), "is required when service_manager is set");
        }
        Duration graceful = node.get("graceful_timeout").asDuration(Duration.ZERO, MAX_TIMEOUT, Duration.ofSeconds(30));
        return new UnmanagedControl(terminate, restart, signals, manager, service, graceful);
    }

    // ------------------------------------------------------------------ logs

    private LogCollectionConfig logCollection(ConfigNode node) {
        if (node.isMissing()) {
            return LogCollectionConfig.DEFAULTS;
        }
        node.allowKeys("enabled", "global_aggregation", "default_worker", "system");
        boolean enabled = node.get("enabled").asBoolean(true);
        ConfigNode global = node.get("global_aggregation").allowKeys("enabled", "targets");
        boolean globalEnabled = global.get("enabled").asBoolean(false);
        List<LogOutput> targets = outputs(global.get("targets"));
        ConfigNode defaultWorker = node.get("default_worker");
        WorkerLogConfig worker = defaultWorker.isMissing() ? WorkerLogConfig.DEFAULTS : workerLog(defaultWorker);
        ConfigNode system = node.get("system").allowKeys("worker_directory", "buffer_size", "flush_interval", "max_workers");
        Optional<Path> directory = Optional.ofNullable(system.get("worker_directory").asPath(null));
        system.get("buffer_size").asSize(ByteSize.ZERO);
        system.get("flush_interval").asDuration(Duration.ofSeconds(1));
        system.get("max_workers").asInt(1, 1_000_000, 1000);
        if (!enabled) {
            worker = new WorkerLogConfig(false, false, false, List.of(), List.of());
        }
        return new LogCollectionConfig(enabled, worker, globalEnabled ? targets : List.of(), directory);
    }

    private WorkerLogConfig workerLog(ConfigNode node) {
        node.allowKeys("enabled", "capture_stdout", "capture_stderr", "buffering", "processing", "outputs");
        boolean enabled = node.get("enabled").asBoolean(true);
        boolean out = node.get("capture_stdout").asBoolean(true);
        boolean err = node.get("capture_stderr").asBoolean(true);
        ConfigNode buffering = node.get("buffering").allowKeys("size", "flush_interval", "max_lines");
        buffering.get("size").asSize(ByteSize.ZERO);
        buffering.get("flush_interval").asDuration(Duration.ofSeconds(1));
        buffering.get("max_lines").asInt(1, 10_000_000, 10_000);
        processing(node.get("processing"));
        ConfigNode outputs = node.get("outputs").allowKeys("separate", "forwarding");
        ConfigNode separate = outputs.get("separate").allowKeys("stdout", "stderr");
        List<LogOutput> stdout = new ArrayList<>(outputs(separate.get("stdout")));
        List<LogOutput> stderr = new ArrayList<>(outputs(separate.get("stderr")));
        List<LogOutput> forwarding = outputs(outputs.get("forwarding"));
        if (!forwarding.isEmpty()) {
            stdout.addAll(forwarding);
            stderr.addAll(forwarding);
        }
        return new WorkerLogConfig(enabled, enabled && out, enabled && err, stdout, stderr);
    }

    private void processing(ConfigNode node) {
        if (node.isMissing()) {
            return;
        }
        node.allowKeys("parse_structured", "add_metadata", "filters", "parsers", "alerts");
        node.get("parse_structured").asBoolean(false);
        node.get("add_metadata").asBoolean(false);
        ConfigNode filters = node.get("filters").allowKeys("include_patterns", "exclude_patterns", "level_filter");
        for (String key : List.of("include_patterns", "exclude_patterns")) {
            List<ConfigNode> items = filters.get(key).items();
            for (ConfigNode item : items) {
                regex(item);
            }
        }
        filters.get("level_filter").asChoice(List.of("trace", "debug", "info", "warn", "error", "fatal"), "info");
        for (ConfigNode parser : node.get("parsers").items()) {
            parser.allowKeys("type", "enabled", "config");
            parser.get("type").require().asChoice(List.of("json", "logfmt", "timestamp_extraction"), null);
            parser.get("enabled").asBoolean(true);
            parser.get("config").entries();
        }
        for (ConfigNode alert : node.get("alerts").items()) {
            alert.allowKeys("pattern", "rate_limit");
            regex(alert.get("pattern").require());
            alert.get("rate_limit").asDuration(Duration.ofMinutes(1));
        }
    }

    private void regex(ConfigNode node) {
        String text = node.asString(null);
        if (text != null) {
            try {
                Pattern.compile(text);
            } catch (java.util.regex.PatternSyntaxException e) {
                problems.error(node, "is not a valid regular expression: " + e.getDescription());
            }
        }
    }

    private List<LogOutput> outputs(ConfigNode node) {
        List<LogOutput> result = new ArrayList<>();
        for (ConfigNode item : node.items()) {
            LogOutput output = output(item);
            if (output != null) {
                result.add(output);
            }
        }
        return result;
    }

    private LogOutput output(ConfigNode node) {
        node.allowKeys("type", "path", "format", "prefix", "rotation", "overflow", "config", "authentication");
        String type = node.get("type").require().asChoice(OUTPUT_TYPES, null);
        ConfigNode pathNode = node.get("path");
        String path = pathNode.asString("");
        if ("file".equals(type)) {
            if (pathNode.isMissing()) {
                problems.error(pathNode, "is required when type is file");
            } else {
                Path resolved = pathNode.asPath(null);
                path = resolved == null ? path : resolved.toString();
            }
        }
        String format = node.get("format").asChoice(FORMATS, "plain");
        String prefix = node.get("prefix").asString("");
        ConfigNode rotationNode = node.get("rotation").allowKeys("max_size", "max_files", "max_age", "compress");
        LogOutput.Rotation d = LogOutput.Rotation.DEFAULTS;
        ByteSize maxSize = rotationNode.get("max_size").asSize(d.maxSize());
        if (maxSize.bytes() < 1024 && !rotationNode.get("max_size").isMissing()) {
            problems.error(rotationNode.get("max_size"), "must be at least 1KiB, but was " + maxSize);
            maxSize = d.maxSize();
        }
        int maxFiles = rotationNode.get("max_files").asInt(1, 10_000, d.maxFiles());
        Duration maxAge = rotationNode.get("max_age").asDuration(Duration.ofSeconds(1), io.hsu.core.Durations.MAX, d.maxAge());
        boolean compress = rotationNode.get("compress").asBoolean(d.compress());
        node.get("overflow").asChoice(List.of("block", "drop_oldest", "drop_newest"), "block");
        ConfigNode config = node.get("config").allowKeys("address", "facility", "url", "index");
        String address = config.get("address").asString(null);
        config.get("facility").asString("local0");
        String url = config.get("url").asString(null);
        config.get("index").asString("hsu-{date}");
        if ("syslog".equals(type) && address == null) {
            problems.error(config.get("address"), "is required for a syslog output (like udp://127.0.0.1:514)");
        }
        if (("elasticsearch".equals(type) || "http".equals(type)) && url == null) {
            problems.error(config.get("url"), "is required for an " + type + " output");
        } else if (url != null) {
            url(config.get("url"));
        }
        ConfigNode auth = node.get("authentication").allowKeys("type", "username", "password", "token", "cert_file", "key_file");
        if (!auth.isMissing()) {
            auth.get("type").require().asChoice(List.of("basic", "bearer", "tls"), null);
            for (String key : List.of("username", "password", "token")) {
                auth.get(key).asString("");
            }
            auth.get("cert_file").asPath(null);
            auth.get("key_file").asPath(null);
        }
        if (type == null) {
            return null;
        }
        return new LogOutput(type, path, format, prefix, new LogOutput.Rotation(maxSize, maxFiles, maxAge, compress));
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
