package io.hsu.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblem;
import io.hsu.core.config.ConfigProblems;
import io.hsu.core.config.YamlConfig;
import io.hsu.core.config.YamlOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The health_check, probes and health_check_run_options sections of the HSU YAML. */
final class HealthConfigReaderTest {
    private final ConfigProblems problems = new ConfigProblems();

    private ConfigNode unit(String yaml) {
        ConfigNode root = YamlConfig.load(yaml, "hsu.yaml", YamlOptions.builder().environment(Map.of()).build(), problems);
        assertThat(problems.all()).as("load problems").isEmpty();
        return root.get("unit");
    }

    private Optional<HealthConfig> read(String yaml) {
        ConfigNode unit = unit(yaml);
        return HealthConfigReader.read(unit.get("health_check"), unit.get("probes"));
    }

    private List<String> problemLines() {
        return problems.all().stream().map(ConfigProblem::toString).collect(Collectors.toList());
    }

    @Test
    void goHealthCheck_becomesALivenessProbe_withRetriesAsFailureThreshold() {
        HealthConfig config = read(String.join("\n",
                "unit:",
                "  health_check:",
                "    type: http",
                "    http: { url: \"http://127.0.0.1:8080/health\", method: GET, headers: {X-Probe: hsu}, expected_status: [200, 299], body_contains: \"\" }",
                "    run_options: { enabled: true, interval: 10s, timeout: 5s, initial_delay: 2s, retries: 2 }",
                "")).orElseThrow();

        assertThat(problemLines()).isEmpty();
        assertThat(config.startup()).isEmpty();
        assertThat(config.readiness()).isEmpty();
        ProbeConfig liveness = config.liveness().orElseThrow();
        assertThat(liveness).isEqualTo(ProbeConfig.builder(HttpCheckConfig.builder("http://127.0.0.1:8080/health")
                        .header("X-Probe", "hsu").build())
                .period(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(5)).initialDelay(Duration.ofSeconds(2))
                .failureThreshold(2).build());
    }

    @Test
    void enabledFalse_reallyDisables_butTheCheckIsStillValidated() {
        HealthConfig config = read("unit:\n  health_check:\n    type: tcp\n    tcp: { address: 127.0.0.1, port: 5432 }\n"
                + "    run_options: { enabled: false }\n").orElseThrow();

        assertThat(config.isEmpty()).isTrue();

        Optional<HealthConfig> invalid = read("unit:\n  health_check:\n    type: tcp\n    tcp: { address: 127.0.0.1, port: 0 }\n"
                + "    run_options: { enabled: false }\n");
        assertThat(invalid).isEmpty();
        assertThat(problemLines()).containsExactly("hsu.yaml:4:38: unit.health_check.tcp.port: must be between 1 and 65535, but was 0");
    }

    @Test
    void everyCheckType_reads() {
        HealthConfig config = read(String.join("\n",
                "unit:",
                "  probes:",
                "    startup:   { type: exec, exec: { command: /usr/local/bin/check, args: [--quick] }, period: 1s, failure_threshold: 30 }",
                "    readiness: { type: grpc, grpc: { address: \"127.0.0.1:50051\", service: echo }, period: 5s, success_threshold: 2 }",
                "    liveness:",
                "      type: composite",
                "      composite:",
                "        mode: any",
                "        checks:",
                "          - { type: file, file: { path: /run/app/heartbeat, max_age: 30s, contains: alive } }",
                "          - { type: process }",
                "          - { type: tcp, tcp: { address: \"localhost:6379\" } }",
                "")).orElseThrow();

        assertThat(problemLines()).isEmpty();
        assertThat(config.startup().orElseThrow()).isEqualTo(ProbeConfig.builder(ExecCheckConfig.of("/usr/local/bin/check", "--quick"))
                .period(Duration.ofSeconds(1)).failureThreshold(30).build());
        assertThat(config.readiness().orElseThrow()).isEqualTo(ProbeConfig.builder(GrpcCheckConfig.of("127.0.0.1", 50051, "echo"))
                .period(Duration.ofSeconds(5)).successThreshold(2).build());
        assertThat(config.liveness().orElseThrow().check()).isEqualTo(CompositeCheckConfig.anyOf(
                FileCheckConfig.exists(Path.of("/run/app/heartbeat")).withMaxAge(Duration.ofSeconds(30)).withContains("alive"),
                ProcessCheckConfig.worker(),
                TcpCheckConfig.of("localhost", 6379)));
    }

    @Test
    void healthCheckBesideProbes_isFine_unlessBothDefineLiveness() {
        HealthConfig config = read(String.join("\n",
                "unit:",
                "  health_check: { type: process }",
                "  probes:",
                "    readiness: { type: tcp, tcp: { address: 127.0.0.1, port: 80 } }",
                "")).orElseThrow();
        assertThat(config.liveness().orElseThrow().check()).isEqualTo(ProcessCheckConfig.worker());
        assertThat(config.readiness()).isPresent();

        Optional<HealthConfig> both = read(String.join("\n",
                "unit:",
                "  health_check: { type: process }",
                "  probes:",
                "    liveness: { type: process }",
                ""));
        assertThat(both).isEmpty();
        assertThat(problemLines()).containsExactly(
                "hsu.yaml:4:15: unit.probes.liveness: a liveness probe is already defined by health_check; keep one of them");
    }

    @Test
    void everyProblem_isReportedWithItsPath() {
        Optional<HealthConfig> config = read(String.join("\n",
                "unit:",
                "  health_check:",
                "    type: htp",
                "    run_options: { interval: 0s, retries: 0, timout: 1s }",
                "  probes:",
                "    startup: { type: http, http: { url: \"ftp://x\" }, success_threshold: 2 }",
                "    readiness: { type: file, file: { max_age: soon } }",
                "    liveness: { type: exec }",
                "    livenes: {}",
                ""));

        assertThat(config).isEmpty();
        assertThat(problemLines()).containsExactly(
                "hsu.yaml:3:11: unit.health_check.type: must be one of http, grpc, tcp, exec, process, file, composite, but was 'htp'",
                "hsu.yaml:4:30: unit.health_check.run_options.interval: must be >= 1ms, but was 0s",
                "hsu.yaml:4:43: unit.health_check.run_options.retries: must be between 1 and 1000000, but was 0",
                "hsu.yaml:4:46: unit.health_check.run_options.timout: unknown key 'timout'; did you mean 'timeout'?",
                "hsu.yaml:6:41: unit.probes.startup.http.url: must start with http:// or https://, but was 'ftp://x'",
                "hsu.yaml:6:73: unit.probes.startup.success_threshold: must be 1 for a startup probe, but was 2",
                "hsu.yaml:7:30: unit.probes.readiness.file.path: is required",
                "hsu.yaml:7:47: unit.probes.readiness.file.max_age: must be a duration like 30s or 1h30m, but was 'soon': expected a number at \"soon\"",
                "hsu.yaml:8:5: unit.probes.liveness.exec: is required when type is exec",
                "hsu.yaml:8:15: unit.probes.liveness: a liveness probe is already defined by health_check; keep one of them",
                "hsu.yaml:9:5: unit.probes.livenes: unknown key 'livenes'; did you mean 'liveness'?");
    }

    @Test
    void integratedRunOptions_becomeAGrpcLivenessProbeOnTheGivenPort() {
        ConfigNode unit = unit("unit:\n  health_check_run_options: { enabled: true, interval: 30s, timeout: 5s, initial_delay: 0s, retries: 2 }\n");

        RunOptions options = HealthConfigReader.readRunOptions(unit.get("health_check_run_options"));

        assertThat(options).isEqualTo(new RunOptions(true, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ZERO, 2));
        assertThat(options.integrated(41234).liveness().orElseThrow()).isEqualTo(ProbeConfig.builder(GrpcCheckConfig.of("127.0.0.1", 41234, ""))
                .period(Duration.ofSeconds(30)).timeout(Duration.ofSeconds(5)).failureThreshold(2).build());
        assertThat(new RunOptions(false, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, 1).integrated(1).isEmpty()).isTrue();
        assertThat(HealthConfigReader.readRunOptions(unit.get("missing"))).isEqualTo(RunOptions.DEFAULTS);
    }

    @Test
    void otherTypesSections_areIgnoredWithAWarning() {
        HealthConfig config = read("unit:\n  health_check: { type: process, tcp: { address: x, port: 1 } }\n").orElseThrow();

        assertThat(config.liveness()).isPresent();
        assertThat(problemLines()).containsExactly("hsu.yaml:2:39: unit.health_check.tcp: warning: ignored, because type is process");
        assertThat(problems.hasErrors()).isFalse();
    }
}
