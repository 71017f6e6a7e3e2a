package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsu.core.WorkerId;
import io.hsu.core.posix.Signal;
import io.hsu.processcontrol.internal.LaunchChain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ConfigTest {
    private static final LaunchChain.Tools TOOLS = new LaunchChain.Tools(Path.of("/usr/bin/prlimit"), Path.of("/bin/sh"),
            Path.of("/usr/bin/setpriv"));

    @Test
    void builders_rejectBadValuesWithTheValue() {
        assertThatThrownBy(() -> ExecutionConfig.of(Path.of("bin/app")))
                .hasMessage("executable must be an absolute path (PATH is not searched), but was 'bin/app'");
        assertThatThrownBy(() -> ExecutionConfig.builder(Path.of("/a")).environment(List.of("NOEQUALS")))
                .hasMessage("environment[0] must be KEY=VALUE, but was 'NOEQUALS'");
        assertThatThrownBy(() -> ExecutionConfig.builder(Path.of("/a")).environment(List.of("=secret")))
                .hasMessage("environment[0] must be KEY=VALUE, but was '=...'");
        assertThatThrownBy(() -> ExecutionConfig.builder(Path.of("/a")).umask(01000))
                .hasMessage("umask must be between 0 and 0777, but was 01000");
        assertThatThrownBy(() -> RetryBudget.of(-1, Duration.ZERO, 1)).hasMessage("maxRetries must be >= 0, but was -1");
        assertThatThrownBy(() -> RetryBudget.of(1, Duration.ZERO, 0.5)).hasMessage("backoffRate must be >= 1.0, but was 0.5");
        assertThatThrownBy(() -> RestartConfig.builder().jitter(2)).hasMessage("jitter must be between 0 and 1, but was 2.0");
        assertThatThrownBy(() -> RestartConfig.builder().window(Duration.ZERO)).hasMessage("window must be > 0, but was 0s");
        assertThatThrownBy(() -> ProcessConfig.builder(WorkerId.of("a")).stopSignal(Signal.STOP))
                .hasMessage("stopSignal must be one of TERM, INT, QUIT, HUP, USR1, USR2, KILL, but was STOP");
        assertThatThrownBy(() -> ProcessConfig.builder(WorkerId.of("a")).build()).hasMessage("stateDirectory must be set");
    }

    @Test
    void toString_neverShowsEnvironmentValues() {
        ExecutionConfig c = ExecutionConfig.builder(Path.of("/a")).environment(List.of("TOKEN=s3cr3t")).build();
        assertThat(c.toString()).contains("TOKEN=...").doesNotContain("s3cr3t");
    }

    @Test
    void workingDirectory_defaultsToTheExecutablesDirectory() {
        assertThat(ExecutionConfig.of(Path.of("/opt/app/bin/app")).effectiveWorkingDirectory()).isEqualTo(Path.of("/opt/app/bin"));
    }

    @Test
    void pidFile_followsTheGoKeys() {
        WorkerId id = WorkerId.of("web");
        assertThat(ProcessFileConfig.ofDefaults().pidFile(id, Path.of("/run/hsu"))).isEqualTo(Path.of("/run/hsu/web.pid"));
        assertThat(new ProcessFileConfig(java.util.Optional.of(Path.of("/var/run")), "system", "myapp", true)
                .pidFile(id, Path.of("/run/hsu"))).isEqualTo(Path.of("/var/run/myapp/web.pid"));
    }

    @Test
    void launchChain_plainWorker_isJustTheExecutable() {
        ExecutionConfig plain = ExecutionConfig.of(Path.of("/srv/app"), "--port", "80");
        assertThat(LaunchChain.argv(plain, LaunchContribution.none(), TOOLS)).containsExactly("/srv/app", "--port", "80");
    }

    @Test
    void launchChain_everything_joinsTheCgroupBeforeDroppingPrivileges() {
        ExecutionConfig full = ExecutionConfig.builder(Path.of("/srv/app")).args("a b").user("www").group("web")
                .umask(027).build();
        LaunchContribution limits = new LaunchContribution(List.of("--nofile=64:64"),
                List.of(Path.of("/sys/fs/cgroup/hsu/it's/cgroup.procs")));
        assertThat(LaunchChain.argv(full, limits, TOOLS)).containsExactly("/usr/bin/prlimit", "--nofile=64:64", "--",
                "/bin/sh", "-c", "echo $$ > '/sys/fs/cgroup/hsu/it'\\''s/cgroup.procs' || exit 126; umask 0027; exec"
                        + " '/usr/bin/setpriv' '--reuid=www' '--regid=web' '--clear-groups' '--' \"$0\" \"$@\"",
                "/srv/app", "a b");
    }

    @Test
    void launchChain_userOnly_usesSetprivWithoutAShell() {
        ExecutionConfig user = ExecutionConfig.builder(Path.of("/srv/app")).user("www").build();
        assertThat(LaunchChain.argv(user, LaunchContribution.none(), TOOLS))
                .containsExactly("/usr/bin/setpriv", "--reuid=www", "--init-groups", "--", "/srv/app");
    }
}
