package io.hsu.processcontrol.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.posix.ProcessIdentity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The subreaper's reaping rules against the JDK's own children. */
@Tag("process")
final class LinuxSupervisorIT {

    @Test
    void orphanOfAProcessBuilderChild_isReaped_whileTheJdkKeepsItsChildrensStatuses() throws Exception {
        LinuxSupervisor supervisor = LinuxSupervisor.get();
        // given: a ProcessBuilder child that leaves a background child behind (re-parented to us)
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!").start();
        int orphan;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII))) {
            orphan = Integer.parseInt(out.readLine().strip());
        }
        assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
        List<Process> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            others.add(new ProcessBuilder("sh", "-c", "sleep 0.3; exit " + (10 + i)).start());
        }

        // when: sweeps run while the JDK's children exit
        await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(20)).until(() -> {
            supervisor.requestSweep();
            return ProcessIdentity.read(orphan).isEmpty();
        });

        // then: the orphan's zombie is gone, and every JDK child still reports its own status
        for (int i = 0; i < others.size(); i++) {
            assertThat(others.get(i).waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(others.get(i).exitValue()).isEqualTo(10 + i);
        }
    }
}
