package io.hsu.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblem;
import io.hsu.core.config.ConfigProblems;
import io.hsu.core.config.YamlConfig;
import io.hsu.core.config.YamlOptions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class LogConfigsTest {
    private final ConfigProblems problems = new ConfigProblems();

    private ConfigNode load(String yaml) {
        return YamlConfig.load(yaml, "hsu.yaml", YamlOptions.builder().build(), problems).get("log_collection");
    }

    private List<String> lines() {
        return problems.all().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void fullSection_read() {
        LogCollectionConfig c = LogConfigs.read(load(String.join("\n",
                "log_collection:",
                "  enabled: true",
                "  global_aggregation:",
                "    enabled: true",
                "    targets:",
                "      - { type: file, path: /var/log/hsu/all.log, format: enhanced_plain }",
                "  system: { worker_directory: /var/log/hsu, buffer_size: 1MB, flush_interval: 1s, max_workers: 100, max_line_length: 64KiB }",
                "  default_worker:",
                "    capture_stderr: false",
                "    buffering: { size: 2MB, flush_interval: 1s, max_lines: 500 }",
                "    processing:",
                "      parse_structured: true",
                "      filters: { include_patterns: [ERROR], exclude_patterns: ['^DEBUG'], level_filter: warning }",
                "      parsers: [ { type: logfmt, enabled: false } ]",
                "      alerts: [ { pattern: OutOfMemoryError, rate_limit: 5m } ]",
                "    outputs:",
                "      separate:",
                "        stdout: [ { type: file, path: '{worker_id}-{stream}.log', rotation: { max_size: 10MB, max_files: 3, max_age: 1d, compress: false } } ]",
                "      forwarding:",
                "        - { type: syslog, overflow: drop_newest, config: { address: 'udp://127.0.0.1:514', facility: local3 } }",
                "        - type: elasticsearch",
                "          config: { url: 'http://127.0.0.1:9200', index: 'logs-{date}' }",
                "          authentication: { type: basic, username: elastic, password: pw }",
                "")));
        assertThat(lines()).isEmpty();
        assertThat(c.workerDirectory()).isEqualTo(java.nio.file.Path.of("/var/log/hsu"));
        assertThat(c.maxLineLength()).isEqualTo(65536);
        assertThat(c.aggregation()).singleElement().satisfies(o -> {
            assertThat(o.format()).isEqualTo(LogFormat.ENHANCED_PLAIN);
            assertThat(o.path()).isEqualTo("/var/log/hsu/all.log");
        });
        WorkerLogConfig w = c.defaultWorker();
        assertThat(w.captureStdout()).isTrue();
        assertThat(w.captureStderr()).isFalse();
        assertThat(w.tailBytes()).isEqualTo(2_000_000);
        assertThat(w.tailMaxLines()).isEqualTo(500);
        assertThat(w.parseJson()).isTrue();
        assertThat(w.parseLogfmt()).isFalse();
        assertThat(w.includePatterns()).extracting(Pattern::pattern).containsExactly("ERROR");
        assertThat(w.excludePatterns()).extracting(Pattern::pattern).containsExactly("^DEBUG");
        assertThat(w.levelFilter()).contains(LogLevel.WARN);
        assertThat(w.alerts()).singleElement().satisfies(a -> assertThat(a.rateLimit()).isEqualTo(Duration.ofMinutes(5)));
        assertThat(w.stdoutOutputs()).singleElement().satisfies(o -> {
            assertThat(o.rotation()).isEqualTo(new RotationConfig(10_000_000, 3, Duration.ofDays(1), false));
            assertThat(o.overflow()).isEqualTo(OverflowPolicy.BLOCK);
        });
        assertThat(w.forwarding()).hasSize(2);
        assertThat(w.forwarding().get(0).overflow()).isEqualTo(OverflowPolicy.DROP_NEWEST);
        assertThat(w.forwarding().get(0).facility()).isEqualTo(19);
        assertThat(w.forwarding().get(1).overflow()).isEqualTo(OverflowPolicy.DROP_OLDEST);
        assertThat(w.forwarding().get(1).authType()).isEqualTo("basic");
        assertThat(w.forwarding().get(1).index()).isEqualTo("logs-{date}");
    }

    @Test
    void missingSection_defaults() {
        LogCollectionConfig c = LogConfigs.read(load("master: { port: 1 }\n"));
        assertThat(lines()).isEmpty();
        assertThat(c.enabled()).isTrue();
        assertThat(c.defaultWorker().forwarding()).extracting(OutputConfig::type).containsExactly(OutputType.MASTER_STDOUT);
    }

    @Test
    void everyProblem_reportedAtItsPath() {
        LogConfigs.read(load(String.join("\n",
                "log_collection:",
                "  default_worker:",
                "    bufering: { size: 1MB }",
                "    processing:",
                "      filters: { include_patterns: ['(unclosed'], level_filter: loud }",
                "    outputs:",
                "      forwarding:",
                "        - { type: syslog, config: { address: 'ftp://x:1' } }",
                "        - { type: file, rotation: { max_size: 0 } }",
                "        - { type: kafka }",
                "        - { type: http, path: /tmp/x, config: { url: 'http://127.0.0.1:1' }, overflow: sometimes }",
                "")));
        assertThat(lines()).containsExactly(
                "hsu.yaml:3:5: log_collection.default_worker.bufering: unknown key 'bufering'; did you mean 'buffering'?",
                "hsu.yaml:5:37: log_collection.default_worker.processing.filters.include_patterns[0]: is not a valid regular expression: Unclosed group near index 9",
                "hsu.yaml:5:65: log_collection.default_worker.processing.filters.level_filter: must be one of trace, debug, info, warn, error, fatal, but was 'loud'",
                "hsu.yaml:8:46: log_collection.default_worker.outputs.forwarding[0].config.address: address 'ftp://x:1' must start with udp://, tcp:// or unix://",
                "hsu.yaml:9:11: log_collection.default_worker.outputs.forwarding[1].path: is required",
                "hsu.yaml:9:47: log_collection.default_worker.outputs.forwarding[1].rotation.max_size: maxSize must be >= 1, but was 0",
                "hsu.yaml:10:19: log_collection.default_worker.outputs.forwarding[2].type: must be one of file, stdout, stderr, master_stdout, syslog, elasticsearch, http, but was 'kafka'",
                "hsu.yaml:11:31: log_collection.default_worker.outputs.forwarding[3].path: is only used by file outputs, but type is http",
                "hsu.yaml:11:88: log_collection.default_worker.outputs.forwarding[3].overflow: must be one of block, drop_oldest, drop_newest, but was 'sometimes'");
    }

    @Test
    void timestampExtraction_readWithItsConfig_andBadValuesReported() {
        LogCollectionConfig c = LogConfigs.read(load(String.join("\n",
                "log_collection:",
                "  default_worker:",
                "    processing:",
                "      parsers: [ { type: timestamp_extraction, config: { field: [when, ts], format: unix_ms, zone: Europe/Paris } } ]",
                "")));
        assertThat(lines()).isEmpty();
        assertThat(c.defaultWorker().timestampExtraction()).hasValueSatisfying(x -> {
            assertThat(x.fields()).containsExactly("when", "ts");
            assertThat(x.format()).isEqualTo(TimestampExtraction.Format.UNIX_MS);
            assertThat(x.zone()).isEqualTo(java.time.ZoneId.of("Europe/Paris"));
        });

        LogConfigs.read(load(String.join("\n",
                "log_collection:",
                "  default_worker:",
                "    processing:",
                "      parsers: [ { type: timestamp_extraction, config: { format: 'yyyy {', zone: Mars/Olympus } } ]",
                "")));
        assertThat(lines()).containsExactly(
                "hsu.yaml:4:66: log_collection.default_worker.processing.parsers[0].config.format: must be rfc3339, unix,"
                        + " unix_ms or a date-time pattern such as 'yyyy-MM-dd HH:mm:ss,SSS', but 'yyyy {' is not a valid"
                        + " pattern: Pattern includes reserved character: '{'",
                "hsu.yaml:4:82: log_collection.default_worker.processing.parsers[0].config.zone: unknown time zone"
                        + " 'Mars/Olympus'; use an id like UTC, Europe/Paris or +02:00");
    }
}
