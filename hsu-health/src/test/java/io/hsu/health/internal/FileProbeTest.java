package io.hsu.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.FakeScheduler;
import io.hsu.health.FileCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.ProbeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file probe: existence, freshness on the fake clock, content. */
final class FileProbeTest {
    @TempDir
    Path dir;

    private final FakeScheduler scheduler = new FakeScheduler();

    private ProbeResult check(FileCheckConfig config) throws InterruptedException {
        return Probe.of(config, ProbeTarget.NONE, scheduler.clock()).check(Duration.ofSeconds(1));
    }

    @Test
    void freshness_isMeasuredAgainstTheClock() throws Exception {
        Path heartbeat = Files.writeString(dir.resolve("heartbeat"), "ok");
        Files.setLastModifiedTime(heartbeat, FileTime.from(scheduler.now().minusSeconds(10)));
        FileCheckConfig config = FileCheckConfig.exists(heartbeat).withMaxAge(Duration.ofSeconds(30));

        ProbeResult fresh = check(config);
        scheduler.advance(Duration.ofSeconds(25));
        ProbeResult stale = check(config);

        assertThat(fresh).isEqualTo(ProbeResult.healthy("file " + heartbeat + ": modified 10s ago"));
        assertThat(stale).isEqualTo(ProbeResult.unhealthy("file " + heartbeat + ": modified 35s ago, older than max_age 30s"));
    }

    @Test
    void aMissingFile_isUnhealthy() throws Exception {
        Path missing = dir.resolve("missing");

        assertThat(check(FileCheckConfig.exists(missing))).isEqualTo(ProbeResult.unhealthy("file " + missing + ": does not exist"));
    }

    @Test
    void content_isSearchedLiterallyOrAsAPattern() throws Exception {
        Path status = Files.writeString(dir.resolve("status"), "state=ready\nload=0.5\n");
        Files.setLastModifiedTime(status, FileTime.from(scheduler.now()));

        assertThat(check(FileCheckConfig.exists(status).withContains("state=ready")).healthy()).isTrue();
        assertThat(check(FileCheckConfig.exists(status).withPattern(Pattern.compile("load=0\\.\\d"))).healthy()).isTrue();
        assertThat(check(FileCheckConfig.exists(status).withContains("state=.*")))
                .isEqualTo(ProbeResult.unhealthy("file " + status + ": content does not match /\\Qstate=.*\\E/"));
    }
}
