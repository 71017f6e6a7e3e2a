package io.hsu.health;

import io.hsu.core.Durations;
import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblems;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a worker's health section of the HSU YAML (CONFIG.md): the Go form {@code health_check}
 * with its {@code run_options}, which becomes the liveness probe ({@code retries} is the failure
 * threshold, {@code enabled: false} disables it), and HSU's {@code probes} with {@code startup},
 * {@code readiness} and {@code liveness}. Both may be given, but only one of them may define the
 * liveness probe. An integrated worker's {@code health_check_run_options} are read by
 * {@link #readRunOptions}.
 *
 * <p>Every problem is added to the nodes' {@link ConfigProblems} with its path and position; unknown
 * keys are errors with a "did you mean" hint (warnings when lenient). A result is returned only when
 * this section added no error, so a caller never sees a partly valid config.
 *
 * <p>Stateless and thread-safe.
 */
public final class HealthConfigReader {
    static final List<String> TYPES = List.of("http", "grpc", "tcp", "exec", "process", "file", "composite");
    /** The sections a check node may have, one per type. */
    private static final List<String> CHECK_KEYS = TYPES;
    private static final Duration SHORTEST = Duration.ofMillis(1);

    private HealthConfigReader() {}

    /**
     * Reads {@code health_check} and {@code probes} (either may be missing).
     *
     * @param healthCheck the {@code health_check} node of a worker's unit
     * @param probes the {@code probes} node of a worker's unit
     * @return the config, or empty when this section has errors (they are in the problems)
     */
    public static Optional<HealthConfig> read(ConfigNode healthCheck, ConfigNode probes) {
        ConfigProblems problems = healthCheck.problems();
        int errorsBefore = problems.errorCount();
        HealthConfig.Builder config = HealthConfig.builder();

        ProbeConfig goLiveness = null;
        if (!healthCheck.isMissing()) {
            List<String> keys = new ArrayList<>(CHECK_KEYS);
            keys.add("type");
            keys.add("run_options");
            healthCheck.allowKeys(keys);
            CheckConfig check = readCheck(healthCheck);
            RunOptions options = readRunOptions(healthCheck.get("run_options"));
            if (check != null && options != null && options.enabled()) {
                goLiveness = options.toProbe(check);
            }
        }

        boolean probesLiveness = false;
        if (!probes.isMissing()) {
            probes.allowKeys("startup", "readiness", "liveness");
            for (ProbeRole role : ProbeRole.values()) {
                ConfigNode node = probes.get(role.displayName());
                if (node.isMissing()) {
                    continue;
                }
                probesLiveness |= role == ProbeRole.LIVENESS;
                ProbeConfig probe = readProbe(node, role);
                if (probe != null) {
                    if (role == ProbeRole.STARTUP) {
                        config.startup(probe);
                    } else if (role == ProbeRole.READINESS) {
                        config.readiness(probe);
                    } else {
                        config.liveness(probe);
                    }
                }
            }
        }
        if (!healthCheck.isMissing() && probesLiveness) {
            problems.error(probes.get("liveness"), "a liveness probe is already defined by health_check; keep one of them");
        }
        if (goLiveness != null && !probesLiveness) {
            config.liveness(goLiveness);
        }
        return problems.errorCount() == errorsBefore ? Optional.of(config.build()) : Optional.empty();
    }

    /**
     * Reads {@code run_options} or {@code health_check_run_options}; a missing node gives
     * {@link RunOptions#DEFAULTS}.
     *
     * @return the options, or null when they have errors (they are in the problems)
     */
    public static RunOptions readRunOptions(ConfigNode node) {
        if (node.isMissing()) {
            return RunOptions.DEFAULTS;
        }
        int errorsBefore = node.problems().errorCount();
        node.allowKeys("enabled", "interval", "timeout", "initial_delay", "retries");
        RunOptions d = RunOptions.DEFAULTS;
        boolean enabled = node.get("enabled").asBoolean(d.enabled());
        Duration interval = node.get("interval").asDuration(SHORTEST, Durations.MAX, d.interval());
        Duration timeout = node.get("timeout").asDuration(SHORTEST, Durations.MAX, d.timeout());
        Duration initialDelay = node.get("initial_delay").asDuration(d.initialDelay());
        int retries = node.get("retries").asInt(1, 1_000_000, d.retries());
        if (node.problems().errorCount() != errorsBefore) {
            return null;
        }
        return new RunOptions(enabled, interval, timeout, initialDelay, retries);
    }

    /** One probe of {@code probes}: a check and its timing. Null when it has errors or is disabled. */
    private static ProbeConfig readProbe(ConfigNode node, ProbeRole role) {
        List<String> keys = new ArrayList<>(CHECK_KEYS);
        keys.addAll(List.of("type", "enabled", "initial_delay", "period", "timeout", "success_threshold", "failure_threshold"));
        node.allowKeys(keys);
        CheckConfig check = readCheck(node);
        boolean enabled = node.get("enabled").asBoolean(true);
        ProbeConfig defaults = ProbeConfig.of(TcpCheckConfig.of("defaults", 1));
        Duration initialDelay = node.get("initial_delay").asDuration(defaults.initialDelay());
        Duration period = node.get("period").asDuration(SHORTEST, Durations.MAX, defaults.period());
        Duration timeout = node.get("timeout").asDuration(SHORTEST, Durations.MAX, defaults.timeout());
        ConfigNode successNode = node.get("success_threshold");
        int success = successNode.asInt(1, 1_000_000, 1);
        if (role != ProbeRole.READINESS && success != 1) {
            node.problems().error(successNode, "must be 1 for a " + role.displayName() + " probe, but was " + success);
        }
        int failure = node.get("failure_threshold").asInt(1, 1_000_000, defaults.failureThreshold());
        if (check == null || !enabled || success != 1 && role != ProbeRole.READINESS) {
            return null;
        }
        return ProbeConfig.builder(check).initialDelay(initialDelay).period(period).timeout(timeout)
                .successThreshold(success).failureThreshold(failure).build();
    }

    /** The check of a node that has {@code type} and the matching section. Null when it has errors. */
    static CheckConfig readCheck(ConfigNode node) {
        String type = node.get("type").require().asChoice(TYPES, null);
        for (String other : TYPES) {
            if (!other.equals(type) && !node.get(other).isMissing()) {
                node.problems().warning(node.get(other), "ignored, because type is " + (type == null ? "not set" : type));
            }
        }
        if (type == null) {
            return null;
        }
        ConfigNode section = node.get(type);
        if (!type.equals("process") && section.isMissing()) {
            node.problems().error(section, "is required when type is " + type);
            return null;
        }
        int errorsBefore = node.problems().errorCount();
        CheckConfig check;
        switch (type) {
            case "http":
                check = readHttp(section);
                break;
            case "grpc":
                check = readGrpc(section);
                break;
            case "tcp":
                check = readTcp(section);
                break;
            case "exec":
                check = readExec(section);
                break;
            case "process":
                section.allowKeys();
                check = ProcessCheckConfig.worker();
                break;
            case "file":
                check = readFile(section);
                break;
            default:
                check = readComposite(section);
                break;
        }
        return node.problems().errorCount() == errorsBefore ? check : null;
    }

    private static CheckConfig readHttp(ConfigNode node) {
        node.allowKeys("url", "method", "headers", "expected_status", "body_contains", "ca_file", "insecure_skip_verify");
        ConfigNode urlNode = node.get("url");
        String url = urlNode.requireString();
        String method = node.get("method").asString("GET");
        Map<String, String> headers = node.get("headers").asStringMap();
        int[] status = readStatusRange(node.get("expected_status"));
        String body = node.get("body_contains").asString("");
        Path caFile = node.get("ca_file").asPath(null);
        boolean insecure = node.get("insecure_skip_verify").asBoolean(false);
        if (url == null) {
            return null;
        }
        HttpCheckConfig.Builder b;
        try {
            b = HttpCheckConfig.builder(new URI(url.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            node.problems().error(urlNode, e instanceof URISyntaxException u
                    ? "is not a valid URL: " + u.getReason() : e.getMessage().replaceFirst("^url ", ""));
            return null;
        }
        HttpCheckConfig.Builder builder = b;
        apply(node.get("method"), () -> builder.method(method));
        headers.forEach((k, v) -> apply(node.get("headers").get(k), () -> builder.header(k, v)));
        if (status != null) {
            apply(node.get("expected_status"), () -> builder.expectedStatus(status[0], status[1]));
        }
        return builder.bodyContains(body).caFile(caFile).insecureSkipVerify(insecure).build();
    }

    /** {@code [200, 299]}, {@code [200]} or {@code 200}; null when missing or wrong. */
    private static int[] readStatusRange(ConfigNode node) {
        if (node.isMissing()) {
            return null;
        }
        if (node.isScalar()) {
            int s = node.asInt(100, 599, -1);
            return s < 0 ? null : new int[] {s, s};
        }
        List<ConfigNode> items = node.items();
        if (items.isEmpty() || items.size() > 2) {
            if (node.isList()) {
                node.problems().error(node, "must be [min, max] or one status, but has " + items.size() + " items");
            }
            return null;
        }
        int min = items.get(0).asInt(100, 599, -1);
        int max = items.get(items.size() - 1).asInt(100, 599, -1);
        return min < 0 || max < 0 ? null : new int[] {min, max};
    }

    private static CheckConfig readGrpc(ConfigNode node) {
        node.allowKeys("address", "service", "tls", "ca_file");
        ConfigNode addressNode = node.get("address");
        String address = addressNode.requireString();
        String service = node.get("service").asString("");
        boolean tls = node.get("tls").asBoolean(false);
        Path caFile = node.get("ca_file").asPath(null);
        if (address == null) {
            return null;
        }
        GrpcCheckConfig check;
        try {
            check = GrpcCheckConfig.of(address.strip(), service);
        } catch (IllegalArgumentException e) {
            node.problems().error(addressNode, e.getMessage().replaceFirst("^address ", ""));
            return null;
        }
        if (caFile != null && !tls) {
            node.problems().error(node.get("ca_file"), "needs tls: true");
            return null;
        }
        return tls ? check.withTls(caFile) : check;
    }

    private static CheckConfig readTcp(ConfigNode node) {
        node.allowKeys("address", "port");
        String address = node.get("address").requireString();
        ConfigNode portNode = node.get("port");
        if (address == null) {
            return null;
        }
        address = address.strip();
        if (portNode.isMissing()) {
            // The address may carry the port itself: host:port or [v6]:port.
            int colon = address.lastIndexOf(':');
            boolean hasPort = colon > 0 && (address.indexOf(':') == colon || address.startsWith("["));
            if (!hasPort) {
                portNode.require();
                return null;
            }
            try {
                GrpcCheckConfig parsed = GrpcCheckConfig.of(address, "");
                return TcpCheckConfig.of(parsed.host(), parsed.port());
            } catch (IllegalArgumentException e) {
                node.problems().error(node.get("address"), e.getMessage().replaceFirst("^address ", ""));
                return null;
            }
        }
        int port = portNode.asInt(1, 65535, -1);
        if (port < 0 || address.isEmpty()) {
            if (address.isEmpty()) {
                node.problems().error(node.get("address"), "must not be empty");
            }
            return null;
        }
        return TcpCheckConfig.of(address, port);
    }

    private static CheckConfig readExec(ConfigNode node) {
        node.allowKeys("command", "args");
        String command = node.get("command").requireString();
        List<String> args = node.get("args").asStringList();
        if (command == null) {
            return null;
        }
        if (command.isBlank()) {
            node.problems().error(node.get("command"), "must not be empty");
            return null;
        }
        return new ExecCheckConfig(command, args);
    }

    private static CheckConfig readFile(ConfigNode node) {
        node.allowKeys("path", "max_age", "contains", "pattern");
        node.get("path").require();
        Path path = node.get("path").asPath(null);
        Duration maxAge = node.get("max_age").asDuration(Duration.ZERO);
        String contains = node.get("contains").asString("");
        ConfigNode patternNode = node.get("pattern");
        String patternText = patternNode.asString(null);
        Pattern pattern = null;
        if (patternText != null) {
            try {
                pattern = Pattern.compile(patternText);
            } catch (PatternSyntaxException e) {
                node.problems().error(patternNode, "is not a valid regular expression: " + e.getDescription());
            }
        }
        if (path == null) {
            return null;
        }
        FileCheckConfig check = FileCheckConfig.exists(path);
        if (!maxAge.isZero()) {
            check = check.withMaxAge(maxAge);
        }
        if (!contains.isEmpty()) {
            check = check.withContains(contains);
        }
        if (pattern != null) {
            if (!contains.isEmpty()) {
                node.problems().error(patternNode, "give contains or pattern, not both");
                return null;
            }
            check = check.withPattern(pattern);
        }
        return check;
    }

    private static CheckConfig readComposite(ConfigNode node) {
        node.allowKeys("mode", "checks");
        CompositeCheckConfig.Mode mode = node.get("mode").asEnum(CompositeCheckConfig.Mode.class, CompositeCheckConfig.Mode.ALL);
        ConfigNode checksNode = node.get("checks");
        checksNode.require();
        List<CheckConfig> checks = new ArrayList<>();
        boolean ok = true;
        for (ConfigNode item : checksNode.items()) {
            List<String> keys = new ArrayList<>(CHECK_KEYS);
            keys.add("type");
            item.allowKeys(keys);
            CheckConfig c = readCheck(item);
            if (c == null) {
                ok = false;
            } else {
                checks.add(c);
            }
        }
        if (checksNode.isList() && checksNode.items().isEmpty()) {
            node.problems().error(checksNode, "must list at least one check");
            return null;
        }
        return ok && !checks.isEmpty() ? new CompositeCheckConfig(mode, checks) : null;
    }

    /** Runs a builder step, turning its IllegalArgumentException into a problem at {@code node}. */
    private static void apply(ConfigNode node, Supplier<?> step) {
        try {
            step.get();
        } catch (IllegalArgumentException e) {
            node.problems().error(node, e.getMessage());
        }
    }
}
