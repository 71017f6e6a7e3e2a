package io.hsu.master.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsu.core.WorkerId;
import io.hsu.core.config.ConfigException;
import io.hsu.core.config.ConfigProblem;
import io.hsu.core.config.YamlOptions;
import io.hsu.logs.WorkerLogConfig;
import io.hsu.processcontrol.ProcessConfig;
import io.hsu.processcontrol.RestartMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class HsuConfigTest {
    @TempDir
    Path dir;

    private static final YamlOptions STRICT = YamlOptions.ofDefaults();

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("hsu.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private List<String> problems(String yaml) throws IOException {
        Path file = write(yaml);
        try {
            HsuConfig.load(file, STRICT);
            return List.of();
        } catch (ConfigException e) {
            String prefix = file + ":";
            return e.problems().stream().map(p -> p.toString().replace(prefix, "")).collect(Collectors.toList());
        }
    }

    private static String managed(String id, String extra) {
        return "  - id: " + id + "\n"
                + "    type: managed\n"
                + extra
                + "    unit:\n"
                + "      managed:\n"
                + "        metadata: { name: " + id + " }\n"
                + "        control:\n"
                + "          execution: { executable_path: /bin/sleep, args: [\"60\"] }\n";
    }

    @Test
    void load_minimalManagedWorker_withDefaults() throws IOException {
        HsuConfig config = HsuConfig.load(write("workers:\n" + managed("web-1", "")), STRICT);

        assertThat(config.workers()).hasSize(1);
        WorkerConfig web = config.workers().get(0);
        assertThat(web.id()).isEqualTo(WorkerId.of("web-1"));
        ProcessConfig process = web.process().orElseThrow();
        assertThat(process.execution().executable()).isEqualTo(Path.of("/bin/sleep"));
        assertThat(process.execution().effectiveWorkingDirectory()).isEqualTo(Path.of("/bin"));
        assertThat(process.restart().mode()).isEqualTo(RestartMode.ON_FAILURE);
        assertThat(process.gracefulTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.master()).isEqualTo(MasterSettings.DEFAULTS);
        assertThat(config.summary()).isEqualTo("1 worker (1 managed)");
    }

    @Test
    void load_fullManagedWorker() throws IOException {
        String yaml = "master: { port: 50056, log_level: debug, force_shutdown_timeout: 10s, state_dir: ./state }\n"
                + "workers:\n"
                + "  - id: web\n"
                + "    type: managed\n"
                + "    profile_type: web\n"
                + "    unit:\n"
                + "      managed:\n"
                + "        metadata: { name: Web, description: the site }\n"
                + "        control:\n"
                + "          execution:\n"
                + "            executable_path: /bin/sh\n"
                + "            args: [-c, 'exec sleep 60']\n"
                + "            environment: [A=1, B=x=y]\n"
                + "            working_directory: .\n"
                + "          restart_policy: unless-stopped\n"
                + "          success_exit_codes: [0, 3]\n"
                + "          context_aware_restart:\n"
                + "            default: { max_retries: 5, retry_delay: 1s, backoff_rate: 2 }\n"
                + "            worker_profile_multipliers: { web: 2.0 }\n"
                + "            max_delay: 30s\n"
                + "          limits: { memory: { max_rss: 256MiB, policy: restart }, process: { max_file_descriptors: 1024 } }\n"
                + "          graceful_timeout: 5s\n"
                + "          stop_signal: INT\n"
                + "          log_collection:\n"
                + "            outputs: { separate: { stdout: [ { type: file, path: logs/web.log, rotation: { max_size: 1MB, max_files: 3 } } ] } }\n"
                + "        health_check:\n"
                + "          type: http\n"
                + "          http: { url: 'http://127.0.0.1:8080/', expected_status: [200, 299] }\n"
                + "          run_options: { interval: 2s, timeout: 1s, retries: 2 }\n"
                + "        probes:\n"
                + "          readiness: { type: tcp, tcp: { address: 127.0.0.1, port: 8080 }, period: 1s }\n";
        HsuConfig config = HsuConfig.load(write(yaml), STRICT);

        WorkerConfig web = config.workers().get(0);
        ProcessConfig process = web.process().orElseThrow();
        assertThat(config.master().stateDir()).contains(dir.resolve("state"));
        assertThat(web.profileType()).isEqualTo(ProfileType.WEB);
        assertThat(process.execution().effectiveWorkingDirectory()).isEqualTo(dir);
        assertThat(process.execution().environment()).containsExactly("A=1", "B=x=y");
        assertThat(process.restart().mode()).isEqualTo(RestartMode.UNLESS_STOPPED);
        assertThat(process.restart().successExitCodes()).containsExactlyInAnyOrder(0, 3);
        assertThat(process.restart().processExits().maxRetries()).isEqualTo(5);
        assertThat(process.restart().profileMultiplier()).isEqualTo(2.0);
        assertThat(process.stopSignal().name()).isEqualTo("INT");
        assertThat(web.limits().hasAnyLimit()).isTrue();
        WorkerLogConfig log = config.logCollection().forWorker(web.id());
        assertThat(log.stdoutOutputs()).singleElement().satisfies(o -> {
            assertThat(o.path()).isEqualTo("logs/web.log");   // opened under worker_directory: the config's directory
            assertThat(config.logCollection().workerDirectory()).isEqualTo(dir);
            assertThat(o.rotation().maxFiles()).isEqualTo(3);
        });
        assertThat(web.health().liveness().orElseThrow().check().type()).isEqualTo("http");
        assertThat(web.health().liveness().orElseThrow().failureThreshold()).isEqualTo(2);
        assertThat(web.health().readiness().orElseThrow().check().type()).isEqualTo("tcp");
    }

    @Test
    void load_everyProblemAtOnce() throws IOException {
        String yaml = "workers:\n"
                + managed("a", "    depends_on: [ { worker: b, condition: healthy } ]\n")
                + managed("b", "    depends_on: [ c ]\n")
                + managed("c", "    depends_on: [ a, nope ]\n")
                + managed("a", "")
                + "  - id: bad\n"
                + "    type: managed\n"
                + "    unit:\n"
                + "      managed:\n"
                + "        metadata: { name: bad }\n"
                + "        control:\n"
                + "          execution: { executable_path: /no/such/program }\n"
                + "          restart_policy: sometimes\n"
                + "          grace: 5s\n";
        assertThat(problems(yaml)).containsExactly(
                "20:19: workers[2].depends_on[0]: dependency cycle: a -> b -> c -> a",
                "20:22: workers[2].depends_on[1]: unknown worker 'nope'",
                "26:9: workers[3].id: duplicate worker id 'a' (first used at line 2)",
                "39:41: workers[4].unit.managed.control.execution.executable_path: '/no/such/program' does not exist",
                "40:27: workers[4].unit.managed.control.restart_policy: must be one of never, on-failure, always, unless-stopped, but was 'sometimes'",
                "41:11: workers[4].unit.managed.control.grace: unknown key 'grace' (allowed: execution, process_file, restart_policy,"
                        + " success_exit_codes, context_aware_restart, limits, graceful_timeout, stop_signal, log_collection)");
    }

    @Test
    void executable_bareName_notExecutable_directory() throws IOException {
        Path script = dir.resolve("script.sh");
        Files.writeString(script, "echo hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        String yaml = "workers:\n"
                + managed("a", "").replace("/bin/sleep", "sleep")
                + managed("b", "").replace("/bin/sleep", "./script.sh")
                + managed("c", "").replace("/bin/sleep", "/tmp");
        assertThat(problems(yaml)).containsExactly(
                "8:41: workers[0].unit.managed.control.execution.executable_path: must be a path: 'sleep' is a bare name and PATH is not searched; did you mean '"
                        + pathOf("sleep") + "'?",
                "15:41: workers[1].unit.managed.control.execution.executable_path: '" + script + "' is not executable (mode rw-r--r--); run chmod +x on it",
                "22:41: workers[2].unit.managed.control.execution.executable_path: '/tmp' is a directory, not a program");
    }

    private static String pathOf(String name) {
        for (String d : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(d, name)) && !Files.isDirectory(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        return "";
    }

    @Test
    void selfDependency_isACycle() throws IOException {
        assertThat(problems("workers:\n" + managed("a", "    depends_on: [a]\n")))
                .containsExactly("4:18: workers[0].depends_on[0]: dependency cycle: a -> a");
    }

    @Test
    void typeAndUnitMismatch() throws IOException {
        String yaml = "workers:\n  - id: a\n    type: unmanaged\n    unit:\n      managed:\n        metadata: { name: a }\n";
        assertThat(problems(yaml)).containsExactly(
                "4:5: workers[0].unit.unmanaged: is required for a unmanaged worker; type is 'unmanaged' but the unit is 'managed'");
    }

    @Test
    void limitPolicyThePlatformCannotHonour_isRejected() throws IOException {
        String yaml = "workers:\n" + managed("a", "")
                + "          limits: { process: { max_processes: 10, policy: throttle }, cpu: { max_percent: 50, policy: throttle },"
                + " enforcement: { cgroup: off } }\n";
        assertThat(problems(yaml)).containsExactly(
                "9:59: workers[0].unit.managed.control.limits.process.policy: policy throttle applies to cpu only; for process use log,"
                        + " alert, graceful_shutdown, immediate_kill, restart or restart_adjusted");
    }

    @Test
    void unmanagedAndIntegrated() throws IOException {
        String yaml = "workers:\n"
                + "  - id: pg\n"
                + "    type: unmanaged\n"
                + "    unit:\n"
                + "      unmanaged:\n"
                + "        metadata: { name: PostgreSQL }\n"
                + "        discovery: { method: pid-file, pid_file: /run/pg.pid }\n"
                + "        control: { can_terminate: true, allowed_signals: [TERM, HUP] }\n"
                + "  - id: echo\n"
                + "    type: integrated\n"
                + "    unit:\n"
                + "      integrated:\n"
                + "        metadata: { name: Echo }\n"
                + "        control: { execution: { executable_path: /bin/sleep, args: ['60'] } }\n"
                + "        health_check_run_options: { interval: 5s }\n";
        HsuConfig config = HsuConfig.load(write(yaml), STRICT);
        assertThat(config.summary()).isEqualTo("2 workers (1 unmanaged, 1 integrated)");
        assertThat(config.workers().get(0).attach().orElseThrow().pidFile()).contains(Path.of("/run/pg.pid"));
        assertThat(config.workers().get(1).grpcHealth().orElseThrow().interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void lenient_unknownKeysAreWarnings() throws IOException {
        String yaml = "workers:\n" + managed("a", "    go_only_field: 1\n");
        HsuConfig config = HsuConfig.load(write(yaml), YamlOptions.builder().lenient(true).build());
        assertThat(config.warnings()).extracting(ConfigProblem::message)
                .singleElement().asString().startsWith("unknown key 'go_only_field' is ignored");
        assertThat(problems(yaml)).singleElement().asString().startsWith("4:5: workers[0].go_only_field: unknown key 'go_only_field'");
    }

    @Test
    void noWorkers_isAnError() throws IOException {
        assertThat(problems("master: { port: 1 }\n")).containsExactly("1:1: workers: is required: list the workers to supervise");
    }

    @Test
    void builder_rejectsManagedWithoutExecution() {
        assertThatThrownBy(() -> WorkerConfig.builder(WorkerId.of("x"), WorkerType.MANAGED).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("worker 'x': a managed worker needs a process config");
    }
}
