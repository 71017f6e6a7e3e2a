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
import java.util.Optional;
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

    private Optional<AttachConfig> readDiscovery(String discovery) {
        ConfigNode unit = load("discovery: " + discovery + "\ncontrol: {}");
        return ProcessConfigReader.readUnmanaged(WorkerId.of("pg"), unit.get("discovery"), unit.get("control"));
    }

    @Test
    void unmanaged_everyMethod_validates() {
        AttachConfig port = readDiscovery("{ method: port, port: 5432 }").orElseThrow();
        assertThat(port.method()).isEqualTo(AttachConfig.Method.PORT);
        assertThat(port.port()).hasValue(5432);
        assertThat(port.protocol()).contains(AttachConfig.Protocol.TCP);
        assertThat(readDiscovery("{ method: port, port: 53, protocol: udp }").orElseThrow().protocol())
                .contains(AttachConfig.Protocol.UDP);

        AttachConfig byFile = readDiscovery("{ method: parent, parent_pid_file: /run/sup.pid, process_name: worker }")
                .orElseThrow();
        assertThat(byFile.method()).isEqualTo(AttachConfig.Method.PARENT);
        assertThat(byFile.parentPidFile()).contains(Path.of("/run/sup.pid"));
        assertThat(byFile.pattern().orElseThrow().pattern()).isEqualTo("worker");
        AttachConfig byName = readDiscovery("{ method: parent, parent_name: \"^supervisord$\" }").orElseThrow();
        assertThat(byName.parentName().orElseThrow().pattern()).isEqualTo("^supervisord$");
        assertThat(byName.pattern()).isEmpty();

        AttachConfig user = readDiscovery("{ method: user, user: nobody, process_name: sleep }").orElseThrow();
        assertThat(user.user()).contains("nobody");
        assertThat(user.pattern().orElseThrow().pattern()).isEqualTo("sleep");
        assertThat(readDiscovery("{ method: user, user: 65534 }").orElseThrow().user()).contains("65534");

        AttachConfig cwd = readDiscovery("{ method: cwd, cwd: /srv/app, check_interval: 2s }").orElseThrow();
        assertThat(cwd.cwd()).contains(Path.of("/srv/app"));
        assertThat(cwd.checkInterval()).isEqualTo(Duration.ofSeconds(2));

        AttachConfig service = readDiscovery("{ method: service-name, service_name: postgresql@15-main.service }")
                .orElseThrow();
        assertThat(service.serviceName()).contains("postgresql@15-main.service");

        assertThat(readDiscovery("{ method: cmdline, process_name: \"^sleep\", process_args: [\"3601\"] }")
                .orElseThrow().pattern().orElseThrow().pattern()).isEqualTo("^sleep.*\\Q3601\\E");
        assertThat(problemLines()).isEmpty();
    }

    /** The problems of one discovery section read on its own, which must not yield a config. */
    private static List<String> invalid(String discovery) {
        ConfigProblems own = new ConfigProblems();
        ConfigNode unit = YamlConfig.load("discovery: " + discovery + "\ncontrol: {}", "hsu.yaml",
                YamlOptions.ofDefaults(), own);
        assertThat(ProcessConfigReader.readUnmanaged(WorkerId.of("pg"), unit.get("discovery"), unit.get("control")))
                .as(discovery).isEmpty();
        return own.all().stream().map(ConfigProblem::toString).collect(Collectors.toList());
    }

    @Test
    void unmanaged_port_missingOrOutOfRange() {
        //                            discovery: { method: port, port: 0 }   the value is at column 34
        assertThat(invalid("{ method: port }")).containsExactly("hsu.yaml:1:1: discovery.port: is required");
        assertThat(invalid("{ method: port, port: 0 }"))
                .containsExactly("hsu.yaml:1:34: discovery.port: must be between 1 and 65535, but was 0");
        assertThat(invalid("{ method: port, port: 65536, protocol: sctp }")).containsExactly(
                "hsu.yaml:1:34: discovery.port: must be between 1 and 65535, but was 65536",
                "hsu.yaml:1:51: discovery.protocol: must be one of tcp, udp, but was 'sctp'");
        assertThat(invalid("{ method: port, port: http }"))
                .containsExactly("hsu.yaml:1:34: discovery.port: must be an integer between 1 and 65535, but was 'http'");
    }

    @Test
    void unmanaged_parent_needsExactlyOneParent() {
        assertThat(invalid("{ method: parent, process_name: worker }")).containsExactly(
                "hsu.yaml:1:22: discovery.method: discovery method 'parent' needs parent_pid_file or parent_name");
        assertThat(invalid("{ method: parent, parent_pid_file: /run/a.pid, parent_name: sup }")).containsExactly(
                "hsu.yaml:1:72: discovery.parent_name: give parent_pid_file or parent_name, not both");
        assertThat(invalid("{ method: parent, parent_pid_file: run/a.pid }")).containsExactly(
                "hsu.yaml:1:47: discovery.parent_pid_file: must be an absolute path, but was 'run/a.pid'");
        assertThat(invalid("{ method: parent, parent_name: \"(\", process_name: \"[\" }")).containsExactly(
                "hsu.yaml:1:43: discovery.parent_name: is not a valid regular expression: " + regexError("("),
                "hsu.yaml:1:62: discovery.process_name: is not a valid regular expression: " + regexError("["));
    }

    @Test
    void unmanaged_userAndCwd_badValues() {
        assertThat(invalid("{ method: user }")).containsExactly("hsu.yaml:1:1: discovery.user: is required");
        assertThat(invalid("{ method: user, user: \"a b\" }")).containsExactly(
                "hsu.yaml:1:34: discovery.user: must be a user name or a numeric uid, but was 'a b'");
        assertThat(invalid("{ method: cwd, cwd: srv/app }")).containsExactly(
                "hsu.yaml:1:32: discovery.cwd: must be an absolute path, but was 'srv/app'");
        assertThat(invalid("{ method: cwd }")).containsExactly("hsu.yaml:1:1: discovery.cwd: is required");
    }

    @Test
    void unmanaged_serviceName_missingOrNotAUnitName() {
        assertThat(invalid("{ method: service-name }"))
                .containsExactly("hsu.yaml:1:1: discovery.service_name: is required");
        assertThat(invalid("{ method: service-name, service_name: \"--all\" }")).containsExactly(
                "hsu.yaml:1:50: discovery.service_name: must be a systemd unit name (letters, digits and :_.\\@-,"
                        + " not starting with -), but was '--all'");
    }

    @Test
    void unmanaged_keyOfAnotherMethod_isAWarning() {
        AttachConfig config = readDiscovery("{ method: port, port: 80, pid_file: /run/x.pid }").orElseThrow();
        assertThat(config.method()).isEqualTo(AttachConfig.Method.PORT);
        assertThat(problemLines()).containsExactly("hsu.yaml:1:48: discovery.pid_file: warning: is not used by"
                + " discovery method 'port'; it takes port, protocol");
    }

    @Test
    void unmanaged_unknownMethod_listsTheMethods() {
        assertThat(invalid("{ method: dns }")).containsExactly("hsu.yaml:1:22: discovery.method: must be one of"
                + " pid-file, process-name, port, service-name, cmdline, parent, user, cwd, but was 'dns'");
    }

    private static String regexError(String regex) {
        try {
            java.util.regex.Pattern.compile(regex);
            throw new AssertionError(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            return e.getDescription();
        }
    }
}
