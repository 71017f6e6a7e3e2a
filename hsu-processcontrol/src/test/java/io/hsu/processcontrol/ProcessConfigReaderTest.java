package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.WorkerId;
import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblem;
import io.hsu.core.config.ConfigProblems;
import io.hsu.core.config.YamlConfig;
import io.hsu.core.config.YamlOptions;
import io.hsu.core.posix.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class ProcessConfigReaderTest {
    private static final WorkerId WEB = WorkerId.of("web");
    private static final Path STATE = Path.of("/run/hsu");

    private final ConfigProblems problems = new ConfigProblems();

    private ConfigNode load(String yaml) {
        return YamlConfig.load(yaml, "hsu.yaml", YamlOptions.ofDefaults(), problems);
    }

    private List<String> problemLines() {
        return problems.all().stream().map(ConfigProblem::toString).collect(Collectors.toList());
    }

    @Test
    void managedControl_readsEveryField() {
        ConfigNode control = load(String.join("\n",
                "execution:",
                "  executable_path: /usr/bin/python3",
                "  args: [\"-m\", \"http.server\", \"8080\"]",
                "  environment: [\"KEY=value\", \"B=x=y\"]",
                "  inherit_environment: false",
                "  working_directory: /srv/web",
                "  wait_delay: 3s",
                "  umask: \"027\"",
                "process_file: { basedirectory: /var/run, appname: web, usesubdirectory: true }",
                "restart_policy: always",
                "success_exit_codes: [0, 3]",
                "context_aware_restart:",
                "  default: { max_retries: 4, retry_delay: 2s, backoff_rate: 2.0 }",
                "  severity_multipliers: { warning: 0.25 }",
                "  startup_grace_period: 1m",
                "  max_delay: 1m",
                "  jitter: 0",
                "  window: 5m",
                "  reset_after: 15m",
                "graceful_timeout: 7s",
                "stop_signal: INT",
                "limits: { memory: { max_rss: 100 } }"));

        ProcessConfig config = ProcessConfigReader.readManaged(WEB, "database", STATE, control).orElseThrow();

        assertThat(problemLines()).isEmpty();
        assertThat(config.execution()).isEqualTo(ExecutionConfig.builder(Path.of("/usr/bin/python3"))
                .args("-m", "http.server", "8080").environment(List.of("KEY=value", "B=x=y")).inheritEnvironment(false)
                .workingDirectory(Path.of("/srv/web")).waitDelay(Duration.ofSeconds(3)).umask(027).build());
        assertThat(config.pidFile()).isEqualTo(Path.of("/var/run/web/web.pid"));
        assertThat(config.restart().mode()).isEqualTo(RestartMode.ALWAYS);
        assertThat(config.restart().successExitCodes()).isEqualTo(Set.of(0, 3));
        assertThat(config.restart().processExits()).isEqualTo(RetryBudget.of(4, Duration.ofSeconds(2), 2.0));
        assertThat(config.restart().severityMultiplier(Severity.WARNING)).isEqualTo(0.25);
        assertThat(config.restart().profileMultiplier()).isEqualTo(5.0);
        assertThat(config.restart().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.gracefulTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.stopSignal()).isEqualTo(Signal.INT);
    }

    @Test
    void everyProblem_isReportedWithItsPathAndPosition() {
        ConfigNode control = load(String.join("\n",
                "execution:",
                "  args: [a]",
                "  environment: [\"NOVALUE\"]",
                "  umask: \"999\"",
                "restart_policy: sometimes",
                "context_aware_restart:",
                "  default: { max_retries: -1, backoff_rate: 0.5 }",
                "  jiter: 0.1",
                "graceful_timeout: soon",
                "stop_signal: STOP"));

        assertThat(ProcessConfigReader.readManaged(WEB, "web", STATE, control)).isEmpty();

        assertThat(problemLines()).containsExactly(
                "hsu.yaml:1:1: execution.executable_path: is required",
                "hsu.yaml:3:17: execution.environment[0]: must be KEY=VALUE, but was 'NOVALUE'",
                "hsu.yaml:4:10: execution.umask: must be an octal umask between 000 and 777 (quote it: \"027\"), but was 999",
                "hsu.yaml:5:17: restart_policy: must be one of never, on-failure, always, unless-stopped, but was 'sometimes'",
                "hsu.yaml:7:27: context_aware_restart.default.max_retries: must be between 0 and 1000000, but was -1",
                "hsu.yaml:7:45: context_aware_restart.default.backoff_rate: must be between 1 and 1000, but was 0.5",
                "hsu.yaml:8:3: context_aware_restart.jiter: unknown key 'jiter'; did you mean 'jitter'?",
                "hsu.yaml:9:19: graceful_timeout: " + problemFor("graceful_timeout"),
                "hsu.yaml:10:14: stop_signal: must be one of TERM, INT, QUIT, HUP, USR1, USR2, KILL, but was 'STOP'");
    }

    private String problemFor(String path) {
        return problems.all().stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow().message();
    }

    @Test
    void unmanaged_pidFileDiscoveryAndControl() {
        ConfigNode unit = load(String.join("\n",
                "discovery: { method: pid-file, pid_file: /var/run/postgresql/15-main.pid, check_interval: 10s }",
                "control: { can_terminate: true, allowed_signals: [TERM, HUP], graceful_timeout: 5s }"));

        AttachConfig config = ProcessConfigReader.readUnmanaged(WorkerId.of("pg"), unit.get("discovery"),
                unit.get("control")).orElseThrow();

        assertThat(problemLines()).isEmpty();
        assertThat(config.method()).isEqualTo(AttachConfig.Method.PID_FILE);
        assertThat(config.pidFile()).contains(Path.of("/var/run/postgresql/15-main.pid"));
        assertThat(config.checkInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.canTerminate()).isTrue();
        assertThat(config.canRestart()).isFalse();
        assertThat(config.allowedSignals()).containsExactlyInAnyOrder(Signal.TERM, Signal.HUP);
    }

    @Test
    void unmanaged_unsupportedMethod_saysWhatIsSupported() {
        ConfigNode unit = load("discovery: { method: port, port: 5432 }\ncontrol: {}");
        assertThat(ProcessConfigReader.readUnmanaged(WorkerId.of("pg"), unit.get("discovery"), unit.get("control"))).isEmpty();
        assertThat(problemLines()).containsExactly("hsu.yaml:1:22: discovery.method: discovery method 'port' is not"
                + " supported yet; use pid-file, process-name or cmdline");
    }
}
