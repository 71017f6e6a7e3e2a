package io.hsu.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.ByteSize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ConfigNodeTest {
    enum RestartPolicy { NEVER, ON_FAILURE, ALWAYS, UNLESS_STOPPED }

    private final ConfigProblems problems = new ConfigProblems();

    private ConfigNode load(String yaml) {
        return load(yaml, YamlOptions.builder().environment(Map.of("HOME", "/home/hsu", "EMPTY", "")).build());
    }

    private ConfigNode load(String yaml, YamlOptions options) {
        ConfigNode root = YamlConfig.load(yaml, "t.yaml", options, problems);
        assertThat(problems.all()).as("load problems").isEmpty();
        return root;
    }

    private List<String> lines() {
        return problems.all().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void get_nested_knowsPathAndPosition() {
        ConfigNode root = load("workers:\n  - id: web\n    unit:\n      timeout: 5s\n");
        ConfigNode timeout = root.get("workers").at(0).get("unit").get("timeout");
        assertThat(timeout.path()).isEqualTo("workers[0].unit.timeout");
        assertThat(timeout.line()).isEqualTo(4);
        assertThat(timeout.column()).isEqualTo(16);
        assertThat(timeout.asDuration(null)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void get_absentKey_missingNodeAtTheParentsKey() {
        ConfigNode root = load("master:\n  port: 1\n");
        ConfigNode missing = root.get("master").get("state_dir");
        assertThat(missing.isMissing()).isTrue();
        assertThat(missing.path()).isEqualTo("master.state_dir");
        assertThat(missing.get("deeper").path()).isEqualTo("master.state_dir.deeper");
        assertThat(missing.asString("/run/hsu")).isEqualTo("/run/hsu");
        missing.require();
        assertThat(lines()).containsExactly("t.yaml:1:1: master.state_dir: is required");
    }

    @Test
    void isMissing_nullValues() {
        ConfigNode root = load("a:\nb: ~\nc: null\nd: 'null'\n");
        assertThat(root.get("a").isMissing()).isTrue();
        assertThat(root.get("b").isMissing()).isTrue();
        assertThat(root.get("c").isMissing()).isTrue();
        assertThat(root.get("d").asString(null)).isEqualTo("null");
    }

    @Test
    void get_onList_problem() {
        ConfigNode root = load("a: [1]\n");
        assertThat(root.get("a").get("b").isMissing()).isTrue();
        assertThat(lines()).containsExactly("t.yaml:1:4: a: must be a mapping (key: value), but was a list");
    }

    @Test
    void items_andAt() {
        ConfigNode root = load("xs: [a, b]\n");
        assertThat(root.get("xs").items()).extracting(ConfigNode::path).containsExactly("xs[0]", "xs[1]");
        assertThat(root.get("xs").at(5).isMissing()).isTrue();
        assertThat(root.get("nothing").items()).isEmpty();
        root.get("xs").at(1).get("k");
        assertThat(lines()).containsExactly("t.yaml:1:9: xs[1]: must be a mapping (key: value), but was a value");
    }

    @Test
    void entries_keepFileOrder_andQuoteOddKeys() {
        ConfigNode root = load("headers: {X-Probe: hsu, \"a.b\": 1, z: 2}\n");
        assertThat(root.get("headers").keys()).containsExactly("X-Probe", "a.b", "z");
        assertThat(root.get("headers").entries().get("a.b").path()).isEqualTo("headers[\"a.b\"]");
        assertThat(root.get("headers").asStringMap()).containsExactly(
                Map.entry("X-Probe", "hsu"), Map.entry("a.b", "1"), Map.entry("z", "2"));
    }

    @Test
    void asInt_valid() {
        ConfigNode root = load("a: 8080\nb: '8080'\nc: 0x1F\nd: 0o17\ne: -3\n");
        assertThat(root.get("a").asInt(1, 65535, 0)).isEqualTo(8080);
        assertThat(root.get("b").asInt(1, 65535, 0)).isEqualTo(8080);
        assertThat(root.get("c").asInt(0, 100, 0)).isEqualTo(31);
        assertThat(root.get("d").asInt(0, 100, 0)).isEqualTo(15);
        assertThat(root.get("e").asInt(-20, 19, 0)).isEqualTo(-3);
        assertThat(root.get("absent").asInt(1, 10, 7)).isEqualTo(7);
    }

    @Test
    void asInt_invalid_problemsAndDefault() {
        ConfigNode root = load("a: 70000\nb: abc\nc: 99999999999999999999999\nd: 1.5\ne: \u0661\u0662\nf: [1]\ng: 0\n");
        assertThat(root.get("a").asInt(1, 65535, 1)).isEqualTo(1);
        root.get("b").asInt(1, 65535, 1);
        root.get("c").asInt(Integer.MIN_VALUE, Integer.MAX_VALUE, 1);
        root.get("d").asInt(0, Integer.MAX_VALUE, 1);
        root.get("e").asLong(Long.MIN_VALUE, Long.MAX_VALUE, 1);
        root.get("f").asInt(1, 2, 1);
        root.get("g").asInt(Integer.MIN_VALUE, -1, -1);
        assertThat(lines()).containsExactly(
                "t.yaml:1:4: a: must be between 1 and 65535, but was 70000",
                "t.yaml:2:4: b: must be an integer between 1 and 65535, but was 'abc'",
                "t.yaml:3:4: c: must be between -2147483648 and 2147483647, but was 99999999999999999999999",
                "t.yaml:4:4: d: must be an integer >= 0, but was '1.5'",
                "t.yaml:5:4: e: must be an integer, but was '\u0661\u0662'",
                "t.yaml:6:4: f: must be a single value, but was a list",
                "t.yaml:7:4: g: must be <= -1, but was 0");
    }

    @Test
    void asDouble_validAndInvalid() {
        ConfigNode root = load("a: 1.5\nb: 2\nc: .inf\nd: 0.5\ne: x\nf: 1e3\n");
        assertThat(root.get("a").asDouble(1.0, Double.MAX_VALUE, 0)).isEqualTo(1.5);
        assertThat(root.get("b").asDouble(0, 10, 0)).isEqualTo(2.0);
        assertThat(root.get("f").asDouble(0, 10_000, 0)).isEqualTo(1000.0);
        root.get("c").asDouble(0, Double.MAX_VALUE, 0);
        root.get("d").asDouble(1.0, Double.MAX_VALUE, 1.0);
        root.get("e").asDouble(0, 1, 0);
        assertThat(lines()).containsExactly(
                "t.yaml:3:4: c: must be a number >= 0, but was '.inf'",
                "t.yaml:4:4: d: must be >= 1, but was 0.5",
                "t.yaml:5:4: e: must be a number between 0 and 1, but was 'x'");
    }

    @Test
    void asBoolean_yaml12Only() {
        ConfigNode root = load("a: true\nb: False\nc: yes\nd: 1\n");
        assertThat(root.get("a").asBoolean(false)).isTrue();
        assertThat(root.get("b").asBoolean(true)).isFalse();
        assertThat(root.get("c").asBoolean(false)).isFalse();
        root.get("d").asBoolean(false);
        assertThat(lines()).containsExactly(
                "t.yaml:3:4: c: must be true or false, but was 'yes' (YAML 1.2 reads yes, no, on and off as text)",
                "t.yaml:4:4: d: must be true or false, but was '1'");
    }

    @Test
    void asDuration_validInvalidAndRange() {
        ConfigNode root = load("a: 1h30m\nb: 30\nc: 5x\nd: 0s\ne: 7d\n");
        assertThat(root.get("a").asDuration(null)).isEqualTo(Duration.ofMinutes(90));
        assertThat(root.get("e").asDuration(null)).isEqualTo(Duration.ofDays(7));
        root.get("b").asDuration(Duration.ZERO);
        root.get("c").asDuration(Duration.ZERO);
        root.get("d").asDuration(Duration.ofMillis(1), Duration.ofHours(1), Duration.ofSeconds(1));
        root.get("e").asDuration(Duration.ZERO, Duration.ofDays(1), Duration.ZERO);
        assertThat(lines()).containsExactly(
                "t.yaml:2:4: b: must be a duration like 30s or 1h30m, but was '30': missing unit after \"30\" (use ns, us, ms, s, m, h, d, w)",
                "t.yaml:3:4: c: must be a duration like 30s or 1h30m, but was '5x': unknown unit \"x\" (use ns, us, ms, s, m, h, d, w)",
                "t.yaml:4:4: d: must be between 1ms and 1h, but was 0s",
                "t.yaml:5:4: e: must be <= 1d, but was 7d");
    }

    @Test
    void asSize_integerOrUnit() {
        ConfigNode root = load("a: 268435456\nb: 1MB\nc: 2GiB\nd: 1.3KiB\ne: -5\n");
        assertThat(root.get("a").asSize(null)).isEqualTo(ByteSize.ofBytes(268_435_456));
        assertThat(root.get("b").asSize(null)).isEqualTo(ByteSize.ofBytes(1_000_000));
        assertThat(root.get("c").asSize(null)).isEqualTo(ByteSize.ofBytes(2L << 30));
        root.get("d").asSize(ByteSize.ZERO);
        root.get("e").asSize(ByteSize.ZERO);
        assertThat(lines()).containsExactly(
                "t.yaml:4:4: d: must be a size like 1048576, 512KB or 2GiB, but was '1.3KiB': is not a whole number of bytes (1331.2)",
                "t.yaml:5:4: e: must be a size like 1048576, 512KB or 2GiB, but was '-5': negative sizes are not allowed");
    }

    @Test
    void asEnum_lowercaseYamlSpellings() {
        ConfigNode root = load("a: on-failure\nb: UNLESS_STOPPED\nc: Always\nd: sometimes\n");
        assertThat(root.get("a").asEnum(RestartPolicy.class, RestartPolicy.NEVER)).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(root.get("b").asEnum(RestartPolicy.class, RestartPolicy.NEVER)).isEqualTo(RestartPolicy.UNLESS_STOPPED);
        assertThat(root.get("c").asEnum(RestartPolicy.class, RestartPolicy.NEVER)).isEqualTo(RestartPolicy.ALWAYS);
        assertThat(root.get("d").asEnum(RestartPolicy.class, RestartPolicy.NEVER)).isEqualTo(RestartPolicy.NEVER);
        root.get("d").asEnum(RestartPolicy.class, p -> p.name().toLowerCase().replace('_', '-'), RestartPolicy.NEVER);
        assertThat(lines()).containsExactly(
                "t.yaml:4:4: d: must be one of never, on_failure, always, unless_stopped, but was 'sometimes'",
                "t.yaml:4:4: d: must be one of never, on-failure, always, unless-stopped, but was 'sometimes'");
    }

    @Test
    void asChoice_returnsTheAllowedSpelling() {
        ConfigNode root = load("a: INFO\nb: verbose\n");
        assertThat(root.get("a").asChoice(List.of("debug", "info", "warn", "error"), "info")).isEqualTo("info");
        root.get("b").asChoice(List.of("debug", "info"), "info");
        assertThat(lines()).containsExactly("t.yaml:2:4: b: must be one of debug, info, but was 'verbose'");
    }

    @Test
    void asStringList() {
        ConfigNode root = load("args: [\"-m\", http.server, 8080]\nnone: []\nscalar: x\n");
        assertThat(root.get("args").asStringList()).containsExactly("-m", "http.server", "8080");
        assertThat(root.get("none").asStringList()).isEmpty();
        assertThat(root.get("absent").asStringList()).isEmpty();
        root.get("scalar").asStringList();
        assertThat(lines()).containsExactly("t.yaml:3:9: scalar: must be a list, but was a value");
    }

    @Test
    void allowKeys_unknownKey_errorWithSuggestion() {
        ConfigNode root = load("control:\n  gracefull_timeout: 5s\n  stop_signal: TERM\n  zzz: 1\n");
        root.get("control").allowKeys("graceful_timeout", "stop_signal");
        assertThat(lines()).containsExactly(
                "t.yaml:2:3: control.gracefull_timeout: unknown key 'gracefull_timeout'; did you mean 'graceful_timeout'?",
                "t.yaml:4:3: control.zzz: unknown key 'zzz' (allowed: graceful_timeout, stop_signal)");
    }

    @Test
    void allowKeys_lenient_warnings() {
        ConfigNode root = load("a:\n  porr: 1\n", YamlOptions.builder().lenient(true).build());
        root.get("a").allowKeys("port");
        assertThat(problems.hasErrors()).isFalse();
        assertThat(lines()).containsExactly("t.yaml:2:3: a.porr: warning: unknown key 'porr' is ignored; did you mean 'port'?");
    }

    @Test
    void environment_expandedInValues() {
        ConfigNode root = load("a: ${HOME}/x\nb: ${NOPE:-fallback}\nc: ${EMPTY:-dflt}\nd: $${HOME}\ne: cost $5\n${HOME}: k\n");
        assertThat(root.get("a").asString(null)).isEqualTo("/home/hsu/x");
        assertThat(root.get("b").asString(null)).isEqualTo("fallback");
        assertThat(root.get("c").asString(null)).isEqualTo("dflt");
        assertThat(root.get("d").asString(null)).isEqualTo("${HOME}");
        assertThat(root.get("e").asString(null)).isEqualTo("cost $5");
        assertThat(root.keys()).contains("${HOME}");
    }

    @Test
    void environment_unsetVariable_problemOnceAndDefault() {
        ConfigProblems own = new ConfigProblems();
        ConfigNode root = YamlConfig.load("port: ${PORT}\nname: ${BAD-NAME}\nx: ${OPEN\n", "t.yaml",
                YamlOptions.builder().environment(Map.of()).build(), own);
        assertThat(root.get("port").asInt(1, 65535, 8080)).isEqualTo(8080);
        assertThat(own.all()).extracting(ConfigProblem::toString).containsExactly(
                "t.yaml:1:7: port: environment variable PORT is not set (use ${PORT:-default} to give a default)",
                "t.yaml:2:7: name: '${BAD-NAME}' is not a valid environment variable reference (use ${NAME} or ${NAME:-default} with NAME of letters, digits and _)",
                "t.yaml:3:4: x: '${' has no closing '}' (write $${ for a literal ${)");
    }

    @Test
    void environment_valuesNeverShownInMessages() {
        ConfigNode root = load("port: ${HOME}\n");
        root.get("port").asInt(1, 65535, 1);
        assertThat(lines()).containsExactly("t.yaml:1:7: port: must be an integer between 1 and 65535, but was '${HOME}'");
    }

    @Test
    void readingTwice_reportsOnce() {
        ConfigNode root = load("a: x\n");
        root.get("a").asInt(0, 1, 0);
        root.get("a").asInt(0, 1, 0);
        assertThat(problems.all()).hasSize(1);
    }

    @Test
    void problemsAddedByCallers_carryTheNodesPlace() {
        ConfigNode root = load("a:\n  backoff_rate: 0.5\n");
        ConfigNode rate = root.get("a").get("backoff_rate");
        root.problems().error(rate, "must be >= 1.0, but was 0.5");
        assertThat(lines()).containsExactly("t.yaml:2:17: a.backoff_rate: must be >= 1.0, but was 0.5");
    }
}
