package io.hsu.logs;

import io.hsu.core.ByteSize;
import io.hsu.core.config.ConfigNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the {@code log_collection} section, a worker's {@code <worker-log>} override and
 * {@code <output>}s (CONFIG.md, "Logs"). Every problem goes to the document's
 * {@link io.hsu.core.config.ConfigProblems} at its path (unknown keys with a "did you mean" hint,
 * builder messages at the offending key); the returned config is only meaningful when there are no
 * errors. Stateless and thread-safe.
 *
 * <p>Relative output paths resolve against {@code system.worker_directory}, which itself resolves
 * against the config file's directory and defaults to it.
 * {@code system.max_line_length} (+) sets where long lines are split. {@code buffering.size} and
 * {@code buffering.max_lines} bound the in-memory tail; {@code flush_interval}, {@code buffer_size}
 * and {@code max_workers} are accepted for the Go schema and not needed (outputs flush as they drain).
 */
public final class LogConfigs {
    private static final List<String> OUTPUT_TYPES = List.of("file", "stdout", "stderr", "master_stdout", "syslog",
            "elasticsearch", "http");

    private LogConfigs() {
    }

    /** The {@code log_collection} section; defaults when it is missing. */
    public static LogCollectionConfig read(ConfigNode node) {
        node.allowKeys("enabled", "global_aggregation", "default_worker", "system");
        LogCollectionConfig.Builder b = LogCollectionConfig.builder();
        b.enabled(node.get("enabled").asBoolean(true));
        ConfigNode system = node.get("system").allowKeys("worker_directory", "buffer_size", "flush_interval", "max_workers",
                "max_line_length");
        b.workerDirectory(system.get("worker_directory").asPath(node.baseDirectory()));
        system.get("buffer_size").asSize(ByteSize.ZERO);
        system.get("flush_interval").asDuration(Duration.ofSeconds(1));
        system.get("max_workers").asInt(1, 1_000_000, 1000);
        ConfigNode maxLine = system.get("max_line_length");
        if (!maxLine.isMissing()) {
            long v = maxLine.asSize(ByteSize.ofBytes(LogCollectionConfig.DEFAULT_MAX_LINE_LENGTH)).bytes();
            apply(maxLine, () -> b.maxLineLength((int) Math.min(Integer.MAX_VALUE, v)));
        }
        ConfigNode aggregation = node.get("global_aggregation").allowKeys("enabled", "targets");
        if (aggregation.get("enabled").asBoolean(!aggregation.isMissing())) {
            b.aggregation(outputs(aggregation.get("targets")));
        } else {
            outputs(aggregation.get("targets"));   // still checked
        }
        b.defaultWorker(readWorker(node.get("default_worker"), WorkerLogConfig.ofDefaults()));
        return b.build();
    }

    /** A {@code <worker-log>}: what it sets replaces {@code base} (normally {@code default_worker}). */
    public static WorkerLogConfig readWorker(ConfigNode node, WorkerLogConfig base) {
        node.allowKeys("enabled", "capture_stdout", "capture_stderr", "buffering", "processing", "outputs");
        WorkerLogConfig.Builder b = base.toBuilder();
        b.enabled(node.get("enabled").asBoolean(base.enabled()));
        b.captureStdout(node.get("capture_stdout").asBoolean(base.captureStdout()));
        b.captureStderr(node.get("capture_stderr").asBoolean(base.captureStderr()));

        ConfigNode buffering = node.get("buffering").allowKeys("size", "flush_interval", "max_lines");
        b.tailBytes(buffering.get("size").asSize(ByteSize.ofBytes(base.tailBytes())).bytes());
        b.tailMaxLines(buffering.get("max_lines").asInt(0, 10_000_000, base.tailMaxLines()));
        buffering.get("flush_interval").asDuration(Duration.ofSeconds(1));

        ConfigNode processing = node.get("processing").allowKeys("parse_structured", "add_metadata", "filters", "parsers", "alerts");
        ConfigNode parseStructured = processing.get("parse_structured");
        if (!parseStructured.isMissing()) {
            b.parseStructured(parseStructured.asBoolean(true));
        }
        b.addMetadata(processing.get("add_metadata").asBoolean(base.addMetadata()));
        for (ConfigNode parser : processing.get("parsers").items()) {
            parser.allowKeys("type", "enabled", "config");
            String type = parser.get("type").require().asChoice(List.of("json", "logfmt", "timestamp_extraction"), "json");
            boolean enabled = parser.get("enabled").asBoolean(true);
            if (type.equals("json")) {
                b.parseJson(enabled);
            } else if (type.equals("logfmt")) {
                b.parseLogfmt(enabled);
            } else {
                TimestampExtraction extraction = timestampExtraction(parser.get("config"));
                b.timestampExtraction(enabled ? extraction : null);
            }
        }
        ConfigNode filters = processing.get("filters").allowKeys("include_patterns", "exclude_patterns", "level_filter");
        ConfigNode includeNode = filters.get("include_patterns");
        ConfigNode excludeNode = filters.get("exclude_patterns");
        if (!includeNode.isMissing() || !excludeNode.isMissing()) {
            WorkerLogConfig current = b.build();
            List<Pattern> include = includeNode.isMissing() ? current.includePatterns() : patterns(includeNode);
            List<Pattern> exclude = excludeNode.isMissing() ? current.excludePatterns() : patterns(excludeNode);
            b = rebuildFilters(current, include, exclude);
        }
        ConfigNode level = filters.get("level_filter");
        if (!level.isMissing()) {
            String text = level.asString("");
            Optional<LogLevel> parsed = LogLevel.parse(text);
            if (parsed.isEmpty()) {
                level.problems().error(level, "must be one of trace, debug, info, warn, error, fatal, but was '" + text + "'");
            }
            b.levelFilter(parsed.orElse(null));
        }
        ConfigNode alerts = processing.get("alerts");
        if (!alerts.isMissing()) {
            WorkerLogConfig current = b.build();
            List<AlertRule> rules = new ArrayList<>();
            for (ConfigNode alert : alerts.items()) {
                alert.allowKeys("pattern", "rate_limit");
                Pattern p = pattern(alert.get("pattern").require());
                Duration rate = alert.get("rate_limit").asDuration(Duration.ofMinutes(1));
                if (p != null) {
                    rules.add(new AlertRule(p, rate));
                }
            }
            b = current.toBuilder();
            b.clearAlerts();
            rules.forEach(b::alert);
        }

        ConfigNode outputs = node.get("outputs").allowKeys("separate", "forwarding");
        ConfigNode separate = outputs.get("separate").allowKeys("stdout", "stderr");
        if (!separate.get("stdout").isMissing()) {
            b.stdoutOutputs(outputs(separate.get("stdout")));
        }
        if (!separate.get("stderr").isMissing()) {
            b.stderrOutputs(outputs(separate.get("stderr")));
        }
        if (!outputs.get("forwarding").isMissing()) {
            b.forwarding(outputs(outputs.get("forwarding")));
        }
        return b.build();
    }

    private static WorkerLogConfig.Builder rebuildFilters(WorkerLogConfig current, List<Pattern> include, List<Pattern> exclude) {
        WorkerLogConfig.Builder b = current.toBuilder();
        b.clearFilters();
        include.forEach(p -> b.include(p.pattern()));
        exclude.forEach(p -> b.exclude(p.pattern()));
        return b;
    }

    private static List<Pattern> patterns(ConfigNode list) {
        List<Pattern> out = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            Pattern p = pattern(item);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private static Pattern pattern(ConfigNode node) {
        String regex = node.asString(null);
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            node.problems().error(node, "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            return null;
        }
    }

    private static List<OutputConfig> outputs(ConfigNode list) {
        List<OutputConfig> out = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            OutputConfig c = readOutput(item);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** One {@code <output>}, or null when it has errors (they are reported). */
    public static OutputConfig readOutput(ConfigNode node) {
        node.allowKeys("type", "path", "format", "prefix", "rotation", "overflow", "queue_size", "config", "authentication");
        String type = node.get("type").require().asChoice(OUTPUT_TYPES, null);
        int errorsBefore = node.problems().errorCount();
        if (type == null) {
            return null;
        }
        OutputType outputType = OutputType.valueOf(type.toUpperCase(Locale.ROOT));
        OutputConfig.Builder b = OutputConfig.builder(outputType);
        ConfigNode path = node.get("path");
        if (outputType == OutputType.FILE) {
            String p = path.require().asString(null);   // relative to worker_directory, when the pipeline opens it
            if (p != null) {
                apply(path, () -> b.path(p));
            }
        } else if (!path.isMissing()) {
            node.problems().error(path, "is only used by file outputs, but type is " + type);
        }
        b.format(node.get("format").asEnum(LogFormat.class, LogFormat.PLAIN));
        b.prefix(node.get("prefix").asString(""));
        ConfigNode rotation = node.get("rotation").allowKeys("max_size", "max_files", "max_age", "compress");
        RotationConfig d = RotationConfig.DEFAULTS;
        long maxSize = rotation.get("max_size").asSize(ByteSize.ofBytes(d.maxSize())).bytes();
        int maxFiles = rotation.get("max_files").asInt(0, 100_000, d.maxFiles());
        Duration maxAge = rotation.get("max_age").asDuration(d.maxAge());
        boolean compress = rotation.get("compress").asBoolean(d.compress());
        apply(rotation.get("max_size"), () -> b.rotation(new RotationConfig(maxSize, maxFiles, maxAge, compress)));
        ConfigNode overflow = node.get("overflow");
        if (!overflow.isMissing()) {
            b.overflow(overflow.asEnum(OverflowPolicy.class, outputType.defaultOverflow()));
        }
        ConfigNode queue = node.get("queue_size");
        if (!queue.isMissing()) {
            long bytes = queue.asSize(ByteSize.ofBytes(OutputConfig.DEFAULT_QUEUE_BYTES)).bytes();
            apply(queue, () -> b.queueBytes(bytes));
        }
        ConfigNode config = node.get("config").allowKeys("address", "facility", "url", "index");
        ConfigNode address = config.get("address");
        ConfigNode url = config.get("url");
        if (outputType == OutputType.SYSLOG) {
            String a = address.require().asString(null);
            if (a != null) {
                apply(address, () -> b.address(a));
            }
            ConfigNode facility = config.get("facility");
            String f = facility.asString("local0");
            apply(facility, () -> b.facility(f));
        }
        if (outputType == OutputType.HTTP || outputType == OutputType.ELASTICSEARCH) {
            String u = url.require().asString(null);
            if (u != null) {
                apply(url, () -> b.url(u));
            }
            ConfigNode index = config.get("index");
            if (!index.isMissing()) {
                String i = index.asString("hsu-{date}");
                apply(index, () -> b.index(i));
            }
        }
        ConfigNode auth = node.get("authentication").allowKeys("type", "username", "password", "token", "cert_file", "key_file");
        if (!auth.isMissing()) {
            String authType = auth.get("type").require().asChoice(List.of("basic", "bearer", "tls"), "basic");
            if (authType.equals("basic")) {
                b.basicAuth(auth.get("username").require().asString(""), auth.get("password").asString(""));
            } else if (authType.equals("bearer")) {
                b.bearerAuth(auth.get("token").require().asString(""));
            } else {
                auth.problems().error(auth.get("type"), "tls client certificates are not supported yet; use basic or bearer");
            }
        }
        if (node.problems().errorCount() > errorsBefore) {
            return null;
        }
        try {
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            node.problems().error(node, e.getMessage());
            return null;
        }
    }

    private static void apply(ConfigNode at, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            at.problems().error(at, e.getMessage());
        }
    }

    /**
     * A {@code timestamp_extraction} parser's {@code config}: {@code field} (a name or a list, default
     * time, ts, timestamp, @timestamp), {@code format} (rfc3339, unix, unix_ms or a
     * DateTimeFormatter pattern; default rfc3339), {@code zone} (for times without an offset; default UTC).
     */
    private static TimestampExtraction timestampExtraction(ConfigNode config) {
        config.allowKeys("field", "format", "zone");
        TimestampExtraction extraction = TimestampExtraction.rfc3339();
        ConfigNode format = config.get("format");
        String text = format.asString("rfc3339");
        switch (text) {
            case "rfc3339":
                break;
            case "unix":
                extraction = extraction.withFormat(TimestampExtraction.Format.UNIX);
                break;
            case "unix_ms":
                extraction = extraction.withFormat(TimestampExtraction.Format.UNIX_MS);
                break;
            default:
                try {
                    extraction = TimestampExtraction.pattern(text);
                } catch (IllegalArgumentException e) {
                    format.problems().error(format, "must be rfc3339, unix, unix_ms or a date-time pattern such as"
                            + " 'yyyy-MM-dd HH:mm:ss,SSS', but '" + text + "' is not a valid pattern: " + e.getMessage());
                }
        }
        ConfigNode field = config.get("field");
        if (!field.isMissing()) {
            List<String> names = field.isScalar() ? List.of(field.asString("")) : field.asStringList();
            if (names.isEmpty() || names.stream().anyMatch(String::isBlank)) {
                field.problems().error(field, "must name at least one field");
            } else {
                extraction = extraction.withFields(names);
            }
        }
        ConfigNode zone = config.get("zone");
        if (!zone.isMissing()) {
            String id = zone.asString("UTC");
            try {
                extraction = extraction.withZone(java.time.ZoneId.of(id));
            } catch (java.time.DateTimeException e) {
                zone.problems().error(zone, "unknown time zone '" + id + "'; use an id like UTC, Europe/Paris or +02:00");
            }
        }
        return extraction;
    }
}
