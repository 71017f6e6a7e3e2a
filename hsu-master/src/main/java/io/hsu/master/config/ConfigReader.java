package io.hsu.master.config;

import io.hsu.core.WorkerId;
import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblems;
import io.hsu.health.HealthConfigReader;
import io.hsu.health.RunOptions;
import io.hsu.logs.LogCollectionConfig;
import io.hsu.logs.LogConfigs;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    /** {@code log_collection.default_worker}, the base of every per-worker {@code log_collection}. */
    private WorkerLogConfig defaultWorkerLog = WorkerLogConfig.ofDefaults();

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
        LogCollectionConfig baseLogs = LogConfigs.read(root.get("log_collection"));
        defaultWorkerLog = baseLogs.defaultWorker();
        LogCollectionConfig.Builder logs = baseLogs.toBuilder();
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
            logs.worker(id, LogConfigs.readWorker(log, defaultWorkerLog));
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
