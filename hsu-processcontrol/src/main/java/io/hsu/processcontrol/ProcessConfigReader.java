package io.hsu.processcontrol;

import io.hsu.core.WorkerId;
import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblems;
import io.hsu.core.posix.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the parts of a worker's YAML that process control owns (CONFIG.md): {@code control.execution},
 * {@code process_file}, {@code restart_policy}, {@code success_exit_codes},
 * {@code context_aware_restart}, {@code graceful_timeout}, {@code stop_signal}, and an unmanaged
 * worker's {@code discovery} and {@code control}. Every problem goes to the document's
 * {@link ConfigProblems} with its path and position; a reader returns empty when its section had
 * an error, never a partly valid config.
 *
 * <pre>{@code
 * ConfigNode control = worker.get("unit").get("managed").get("control");
 * Optional<ProcessConfig> config = ProcessConfigReader.readManaged(id, "web", stateDir, control);
 * problems.throwIfAny();
 * }</pre>
 *
 * <p>Stateless and thread-safe; a {@link ConfigNode} itself is read from one thread.
 */
public final class ProcessConfigReader {
    /** Keys of a managed or integrated {@code control}; limits and log_collection are read by their modules. */
    public static final List<String> MANAGED_CONTROL_KEYS = List.of("execution", "process_file", "restart_policy",
            "success_exit_codes", "context_aware_restart", "limits", "graceful_timeout", "stop_signal",
            "log_collection");
    private static final List<String> STOP_SIGNALS = List.of("TERM", "INT", "QUIT", "HUP", "USR1", "USR2", "KILL");
    /** Each discovery method and the keys it reads besides method and check_interval. */
    private static final Map<String, List<String>> METHOD_KEYS = methodKeys();
    private static final List<String> DISCOVERY_KEYS = List.of("method", "pid_file", "process_name", "process_args",
            "port", "protocol", "service_name", "parent_pid_file", "parent_name", "user", "cwd", "check_interval");

    private static Map<String, List<String>> methodKeys() {
        Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
        keys.put("pid-file", List.of("pid_file"));
        keys.put("process-name", List.of("process_name"));
        keys.put("port", List.of("port", "protocol"));
        keys.put("service-name", List.of("service_name"));
        keys.put("cmdline", List.of("process_name", "process_args"));
        keys.put("parent", List.of("parent_pid_file", "parent_name", "process_name"));
        keys.put("user", List.of("user", "process_name"));
        keys.put("cwd", List.of("cwd", "process_name"));
        return java.util.Collections.unmodifiableMap(keys);
    }

    private ProcessConfigReader() {
    }

    /**
     * Reads a managed worker's {@code control}.
     *
     * @param profile the worker's {@code profile_type}, for the profile multiplier
     * @param stateDirectory where FIFOs and default PID files go
     */
    public static Optional<ProcessConfig> readManaged(WorkerId id, String profile, Path stateDirectory,
                                                      ConfigNode control) {
        int before = errors(control);
        control.require().allowKeys(MANAGED_CONTROL_KEYS);
        Optional<ExecutionConfig> execution = readExecution(control.get("execution"));
        Optional<ProcessFileConfig> processFile = readProcessFile(control.get("process_file"));
        Optional<RestartConfig> restart = readRestart(control, profile);
        Duration graceful = control.get("graceful_timeout").asDuration(Duration.ofSeconds(30));
        String signal = control.get("stop_signal").asChoice(STOP_SIGNALS, "TERM");
        if (errors(control) > before || execution.isEmpty() || processFile.isEmpty() || restart.isEmpty()) {
            return Optional.empty();
        }
        return build(control, () -> ProcessConfig.builder(id).stateDirectory(stateDirectory).execution(execution.get())
                .processFile(processFile.get()).restart(restart.get()).gracefulTimeout(graceful)
                .stopSignal(Signal.parse(signal)).build());
    }

    /** Reads {@code execution}; {@code executable_path} is required. */
    public static Optional<ExecutionConfig> readExecution(ConfigNode execution) {
        int before = errors(execution);
        execution.require().allowKeys("executable_path", "args", "environment", "inherit_environment",
                "working_directory", "wait_delay", "user", "group", "umask");
        Path executable = execution.get("executable_path").require().asPath(null);
        List<String> args = execution.get("args").asStringList();
        ConfigNode envNode = execution.get("environment");
        List<String> environment = envNode.asStringList();
        for (int i = 0; i < environment.size(); i++) {
            String entry = environment.get(i);
            if (entry.indexOf('=') <= 0) {
                envNode.problems().error(envNode.at(i), "must be KEY=VALUE, but was '"
                        + (entry.indexOf('=') < 0 ? entry : "=...") + "'");
            }
        }
        boolean inherit = execution.get("inherit_environment").asBoolean(true);
        Path workingDirectory = execution.get("working_directory").asPath(null);
        Duration waitDelay = execution.get("wait_delay").asDuration(Duration.ofSeconds(10));
        String user = execution.get("user").asString(null);
        String group = execution.get("group").asString(null);
        Integer umask = readUmask(execution.get("umask"));
        if (errors(execution) > before || executable == null) {
            return Optional.empty();
        }
        return build(execution, () -> {
            ExecutionConfig.Builder b = ExecutionConfig.builder(executable).args(args).environment(environment)
                    .inheritEnvironment(inherit).workingDirectory(workingDirectory).waitDelay(waitDelay)
                    .user(user).group(group);
            if (umask != null) {
                b.umask(umask);
            }
            return b.build();
        });
    }

    /** Reads {@code process_file} (Go keys: basedirectory, servicecontext, appname, usesubdirectory). */
    public static Optional<ProcessFileConfig> readProcessFile(ConfigNode node) {
        int before = errors(node);
        node.allowKeys("basedirectory", "servicecontext", "appname", "usesubdirectory");
        Path base = node.get("basedirectory").asPath(null);
        String context = node.get("servicecontext").asChoice(List.of("system", "user", "session"), "system");
        String app = node.get("appname").asString("hsu");
        boolean sub = node.get("usesubdirectory").asBoolean(false);
        if (errors(node) > before) {
            return Optional.empty();
        }
        return build(node, () -> new ProcessFileConfig(Optional.ofNullable(base), context, app, sub));
    }

    /** Reads {@code restart_policy}, {@code success_exit_codes} and {@code context_aware_restart} of {@code control}. */
    public static Optional<RestartConfig> readRestart(ConfigNode control, String profile) {
        int before = errors(control);
        RestartConfig.Builder b = RestartConfig.builder();
        b.mode(control.get("restart_policy").asEnum(RestartMode.class, RestartMode::yamlName, RestartMode.ON_FAILURE));
        ConfigNode codesNode = control.get("success_exit_codes");
        if (!codesNode.isMissing()) {
            Set<Integer> codes = new LinkedHashSet<>();
            for (ConfigNode item : codesNode.items()) {
                codes.add(item.require().asInt(0, 255, 0));
            }
            if (codes.isEmpty() && codesNode.isList()) {
                control.problems().error(codesNode, "must list at least one exit code");
            }
            if (!codes.isEmpty()) {
                b.successExitCodes(codes);
            }
        }
        ConfigNode car = control.get("context_aware_restart");
        car.allowKeys("default", "health_failures", "resource_violations", "severity_multipliers",
                "worker_profile_multipliers", "startup_grace_period", "sustained_violation_time",
                "spike_tolerance_time", "max_delay", "jitter", "window", "reset_after");
        RestartConfig defaults = RestartConfig.ofDefaults();
        Optional<RetryBudget> exits = readBudget(car.get("default"), defaults.processExits());
        Optional<RetryBudget> health = readBudget(car.get("health_failures"), defaults.healthFailures());
        Optional<RetryBudget> resources = readBudget(car.get("resource_violations"), defaults.resourceViolations());
        exits.ifPresent(b::processExits);
        health.ifPresent(b::healthFailures);
        resources.ifPresent(b::resourceViolations);
        ConfigNode severities = car.get("severity_multipliers");
        severities.allowKeys("warning", "critical", "emergency");
        for (Severity s : Severity.values()) {
            double m = severities.get(s.yamlName()).asDouble(0, 1000, defaults.severityMultiplier(s));
            b.severityMultiplier(s, m);
        }
        for (Map.Entry<String, ConfigNode> e : car.get("worker_profile_multipliers").entries().entrySet()) {
            b.profileMultiplier(e.getKey(), e.getValue().asDouble(0, 1000, 1.0));
        }
        if (profile != null && !profile.isBlank()) {
            b.profile(profile.toLowerCase(Locale.ROOT));
        }
        b.startupGracePeriod(car.get("startup_grace_period").asDuration(defaults.startupGracePeriod()));
        b.sustainedViolationTime(car.get("sustained_violation_time").asDuration(defaults.sustainedViolationTime()));
        b.spikeToleranceTime(car.get("spike_tolerance_time").asDuration(defaults.spikeToleranceTime()));
        b.maxDelay(car.get("max_delay").asDuration(defaults.maxDelay()));
        b.jitter(car.get("jitter").asDouble(0, 1, defaults.jitter()));
        b.window(car.get("window").asDuration(Duration.ofMillis(1), io.hsu.core.Durations.MAX, defaults.window()));
        b.resetAfter(car.get("reset_after").asDuration(Duration.ofMillis(1), io.hsu.core.Durations.MAX,
                defaults.resetAfter()));
        if (errors(control) > before || exits.isEmpty() || health.isEmpty() || resources.isEmpty()) {
            return Optional.empty();
        }
        return build(car, b::build);
    }

    /**
     * Reads an unmanaged worker's {@code discovery} and {@code control}. Each discovery method needs
     * its own keys; a key another method uses is reported as a warning (it would be ignored):
     * <ul>
     * <li>{@code pid-file}: {@code pid_file};
     * <li>{@code process-name}: {@code process_name} (regex on the whole name; {@code process_args}
     *     belong to cmdline);
     * <li>{@code cmdline}: {@code process_name} (regex found in the command line), optionally {@code process_args};
     * <li>{@code port}: {@code port} (1..65535), {@code protocol} ({@code tcp} by default, or {@code udp});
     * <li>{@code parent} (+): {@code parent_pid_file} or {@code parent_name} (regex on the parent's
     *     name), optionally {@code process_name} (regex on the child's name);
     * <li>{@code user} (+): {@code user} (name or uid), optionally {@code process_name};
     * <li>{@code cwd} (+): {@code cwd} (absolute path), optionally {@code process_name};
     * <li>{@code service-name}: {@code service_name} (a systemd unit).
     * </ul>
     */
    public static Optional<AttachConfig> readUnmanaged(WorkerId id, ConfigNode discovery, ConfigNode control) {
        int before = errors(discovery) + errors(control);
        discovery.require().allowKeys(DISCOVERY_KEYS);
        String method = discovery.get("method").require().asChoice(List.copyOf(METHOD_KEYS.keySet()), null);
        control.allowKeys("can_terminate", "can_restart", "allowed_signals", "service_manager", "service_name",
                "graceful_timeout");
        AttachConfig.Builder builder = method == null ? null : readDiscovery(id, method, discovery);
        if (method != null) {
            for (String key : discovery.keys()) {
                if (!METHOD_KEYS.get(method).contains(key) && !List.of("method", "check_interval").contains(key)
                        && DISCOVERY_KEYS.contains(key)) {
                    discovery.problems().warning(discovery.get(key), "is not used by discovery method '" + method
                            + "'; it takes " + String.join(", ", METHOD_KEYS.get(method)));
                }
            }
        }
        Duration interval = discovery.get("check_interval").asDuration(Duration.ofMillis(1), io.hsu.core.Durations.MAX,
                Duration.ofSeconds(30));
        boolean canTerminate = control.get("can_terminate").asBoolean(false);
        boolean canRestart = control.get("can_restart").asBoolean(false);
        Set<Signal> signals = EnumSet.noneOf(Signal.class);
        for (ConfigNode item : control.get("allowed_signals").items()) {
            String text = item.asString(null);
            if (text != null) {
                Optional<Signal> signal = Signal.fromName(text);
                if (signal.isPresent()) {
                    signals.add(signal.get());
                } else {
                    item.problems().error(item, "unknown signal '" + text + "'; use names like TERM, HUP, USR1");
                }
            }
        }
        Duration graceful = control.get("graceful_timeout").asDuration(Duration.ofSeconds(30));
        if (errors(discovery) + errors(control) > before || builder == null) {
            return Optional.empty();
        }
        AttachConfig.Builder b = builder;
        return build(discovery, () -> b.checkInterval(interval).canTerminate(canTerminate).canRestart(canRestart)
                .allowedSignals(signals).gracefulTimeout(graceful).build());
    }

    private static AttachConfig.Builder readDiscovery(WorkerId id, String method, ConfigNode discovery) {
        switch (method) {
            case "pid-file": {
                Path path = discovery.get("pid_file").require().asPath(null);
                return path == null ? null : AttachConfig.pidFile(id, path.toAbsolutePath());
            }
            case "process-name":
            case "cmdline": {
                ConfigNode name = discovery.get("process_name").require();
                String regex = regex(name);
                List<String> args = discovery.get("process_args").asStringList();
                if (regex == null) {
                    return null;
                }
                if ("process-name".equals(method)) {
                    return AttachConfig.pattern(id, AttachConfig.Method.PROCESS_NAME, regex);
                }
                String full = args.isEmpty() ? regex : regex + ".*" + Pattern.quote(String.join(" ", args));
                return AttachConfig.pattern(id, AttachConfig.Method.CMDLINE, full);
            }
            case "port": {
                int port = discovery.get("port").require().asInt(1, 65535, 0);
                String protocol = discovery.get("protocol").asChoice(List.of("tcp", "udp"), "tcp");
                return port == 0 || protocol == null ? null : AttachConfig.port(id, port,
                        "udp".equals(protocol) ? AttachConfig.Protocol.UDP : AttachConfig.Protocol.TCP);
            }
            case "parent":
                return narrowed(discovery, readParent(id, discovery));
            case "user": {
                ConfigNode user = discovery.get("user").require();
                String text = user.asString(null);
                if (text == null) {
                    return null;
                }
                String trimmed = text.strip();
                if (!trimmed.matches("[^\\s:/]+")) {
                    user.problems().error(user, "must be a user name or a numeric uid, but was '" + text + "'");
                    return null;
                }
                return narrowed(discovery, AttachConfig.user(id, trimmed));
            }
            case "cwd": {
                Path cwd = absolutePath(discovery.get("cwd").require());
                return cwd == null ? null : narrowed(discovery, AttachConfig.cwd(id, cwd));
            }
            case "service-name": {
                ConfigNode unit = discovery.get("service_name").require();
                String text = unit.asString(null);
                if (text == null) {
                    return null;
                }
                if (!text.matches("[A-Za-z0-9:_.\\\\@-]+") || text.startsWith("-")) {
                    unit.problems().error(unit, "must be a systemd unit name (letters, digits and :_.\\@-, not"
                            + " starting with -), but was '" + text + "'");
                    return null;
                }
                return AttachConfig.serviceName(id, text);
            }
            default:
                throw new AssertionError(method);
        }
    }

    private static AttachConfig.Builder readParent(WorkerId id, ConfigNode discovery) {
        ConfigNode file = discovery.get("parent_pid_file");
        ConfigNode name = discovery.get("parent_name");
        if (file.isMissing() == name.isMissing()) {
            discovery.problems().error(file.isMissing() ? discovery.get("method") : name, file.isMissing()
                    ? "discovery method 'parent' needs parent_pid_file or parent_name"
                    : "give parent_pid_file or parent_name, not both");
            return null;
        }
        if (!file.isMissing()) {
            Path path = absolutePath(file);
            return path == null ? null : AttachConfig.childOf(id, path);
        }
        String regex = regex(name);
        return regex == null ? null : AttachConfig.childOfNamed(id, regex);
    }

    /** Applies the optional {@code process_name} of parent, user and cwd discovery. */
    private static AttachConfig.Builder narrowed(ConfigNode discovery, AttachConfig.Builder builder) {
        ConfigNode name = discovery.get("process_name");
        String regex = regex(name);
        if (builder == null || regex == null) {
            return builder;
        }
        return builder.processName(regex);
    }

    /** A regular expression, or null (with an error when present but invalid). */
    private static String regex(ConfigNode node) {
        String regex = node.asString(null);
        if (regex == null) {
            return null;
        }
        try {
            Pattern.compile(regex);
            return regex;
        } catch (PatternSyntaxException e) {
            node.problems().error(node, "is not a valid regular expression: " + e.getDescription());
            return null;
        }
    }

    /** A path that must be absolute as written (a relative one would depend on where HSU runs). */
    private static Path absolutePath(ConfigNode node) {
        String text = node.asString(null);
        if (text == null) {
            return null;
        }
        if (!text.startsWith("/")) {
            node.problems().error(node, "must be an absolute path, but was '" + text + "'");
            return null;
        }
        return node.asPath(null);
    }

    private static Optional<RetryBudget> readBudget(ConfigNode node, RetryBudget defaults) {
        int before = errors(node);
        node.allowKeys("max_retries", "retry_delay", "backoff_rate");
        int retries = node.get("max_retries").asInt(0, 1_000_000, defaults.maxRetries());
        Duration delay = node.get("retry_delay").asDuration(defaults.retryDelay());
        double rate = node.get("backoff_rate").asDouble(1.0, 1000, defaults.backoffRate());
        if (errors(node) > before) {
            return Optional.empty();
        }
        return build(node, () -> RetryBudget.of(retries, delay, rate));
    }

    private static Integer readUmask(ConfigNode node) {
        String text = node.asString(null);
        if (text == null) {
            return null;
        }
        String digits = text.strip();
        if (digits.startsWith("0o")) {
            digits = digits.substring(2);
        }
        if (!digits.matches("[0-7]{1,4}") || Integer.parseInt(digits, 8) > 0777) {
            node.problems().error(node, "must be an octal umask between 000 and 777 (quote it: \"027\"), but was " + text);
            return null;
        }
        return Integer.parseInt(digits, 8);
    }

    private static <T> Optional<T> build(ConfigNode at, java.util.function.Supplier<T> builder) {
        try {
            return Optional.of(builder.get());
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            at.problems().error(at, e.getMessage());
            return Optional.empty();
        }
    }

    private static int errors(ConfigNode node) {
        return node.problems().errorCount();
    }
}
