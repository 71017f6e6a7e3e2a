package io.hsu.processcontrol.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsu.core.ErrorKind;
import io.hsu.core.WorkerId;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.processcontrol.AttachConfig;
import io.hsu.processcontrol.AttachFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * service-name discovery without systemd (CI has none): {@link Systemctl} against fake
 * {@code systemctl} scripts, and {@link Discovery} with a service manager that names a real process.
 * Whether a real systemd answers as the fakes do is not tested.
 */
@Tag("process")
final class ServiceDiscoveryIT {
    private static final WorkerId WEB = WorkerId.of("web");
    private static final String CHECK_ARGS =
            "[ \"$*\" = \"show -p LoadState -p MainPID -- web.service\" ] || { echo \"unexpected arguments: $*\"; exit 3; }\n";

    @TempDir
    Path dir;

    @Test
    void systemctl_printsTheMainPid() throws IOException {
        assertThat(fake("echo MainPID=4242; echo LoadState=loaded").mainPid("web.service")).isEqualTo(4242);
        assertThat(fake("echo MainPID=0; echo LoadState=loaded").mainPid("web.service")).isZero();
    }

    @Test
    void systemctl_unknownUnit_saysSoInsteadOfNotRunning() throws IOException {
        assertThatThrownBy(() -> fake("echo MainPID=0; echo LoadState=not-found").mainPid("web.service"))
                .isInstanceOf(AttachFailedException.class)
                .hasMessage("systemd has no usable unit 'web.service' (LoadState=not-found); check the service_name")
                .extracting(e -> ((AttachFailedException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void systemctl_failing_saysSystemdIsNeeded() throws IOException {
        Systemctl noSystemd = fake("echo \"System has not been booted with systemd as init system (PID 1). Can't operate.\" >&2\n"
                + "echo 'Failed to connect to bus: Host is down' >&2\nexit 1");
        assertThatThrownBy(() -> noSystemd.mainPid("web.service")).isInstanceOf(AttachFailedException.class)
                .hasMessage("service-name discovery needs systemd, but '" + dir.resolve("systemctl")
                        + " show -p LoadState -p MainPID -- web.service' failed with exit 1: System has not been booted with"
                        + " systemd as init system (PID 1). Can't operate. Failed to connect to bus: Host is down")
                .extracting(e -> ((AttachFailedException) e).kind()).isEqualTo(ErrorKind.PLATFORM);

        assertThatThrownBy(() -> fake("echo MainPID=not-a-pid").mainPid("web.service"))
                .hasMessage("'" + dir.resolve("systemctl") + " show -p LoadState -p MainPID -- web.service' printed"
                        + " 'MainPID=not-a-pid', not a MainPID");
        Systemctl missing = new Systemctl(dir.resolve("no-systemctl").toString(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> missing.mainPid("web.service"))
                .hasMessageStartingWith("service-name discovery needs systemd, but '" + dir.resolve("no-systemctl")
                        + "' cannot be run: ");
    }

    @Test
    void systemctl_hanging_isKilledAfterTheTimeout() throws IOException {
        Systemctl hanging = new Systemctl(script("exec sleep 1000").toString(), Duration.ofMillis(300));
        assertThatThrownBy(() -> hanging.mainPid("web.service"))
                .hasMessage("'" + dir.resolve("systemctl") + " show -p LoadState -p MainPID -- web.service' did not answer"
                        + " within 300ms; killed it");
    }

    @Test
    void systemctl_withoutSystemd_saysSo() {
        Assumptions.assumeFalse(Files.isDirectory(Path.of("/run/systemd/system")), "systemd is running here");
        assertThatThrownBy(() -> Systemctl.SYSTEM.mainPid("hsu-no-such-unit.service"))
                .isInstanceOf(AttachFailedException.class)
                .hasMessageStartingWith("service-name discovery needs systemd, but 'systemctl");
    }

    @Test
    void discovery_adoptsTheMainPid_orSaysTheUnitIsNotRunning() throws Exception {
        Process main = new ProcessBuilder("sleep", "1000").start();
        try {
            AttachConfig config = AttachConfig.serviceName(WEB, "web.service").build();
            Discovery.Found found = Discovery.find(config, unit -> (int) main.pid());
            assertThat(found).isEqualTo(new Discovery.Found((int) main.pid(),
                    ProcessIdentity.read((int) main.pid()).orElseThrow().startTimeTicks(), "systemd unit 'web.service'"));

            assertThatThrownBy(() -> Discovery.find(config, unit -> 0)).isInstanceOf(AttachFailedException.class)
                    .hasMessage("worker 'web': systemd unit 'web.service' has no main process (MainPID is 0: the unit"
                            + " is not running)");
            main.destroyForcibly();
            main.waitFor(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> Discovery.find(config, unit -> (int) main.pid()))
                    .hasMessage("worker 'web': pid " + main.pid() + ", the main process of systemd unit 'web.service',"
                            + " is not running");
        } finally {
            main.destroyForcibly();
            main.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Systemctl fake(String answer) throws IOException {
        return new Systemctl(script(CHECK_ARGS + answer).toString(), Duration.ofSeconds(10));
    }

    private Path script(String body) throws IOException {
        Path file = dir.resolve("systemctl");
        Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
