package io.hsu.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.posix.Posix;
import io.hsu.core.posix.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** rlimits through the launch chain's prlimit step. */
@Tag("process")
final class RlimitIT {
    private final Fixtures fixtures = new Fixtures();
    private final EnforcementConfig noCgroup = EnforcementConfig.DEFAULT.withCgroup(CgroupMode.OFF);
    private final List<Integer> groups = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (int pgid : groups) {
            Posix.get().killGroup(pgid, Signal.KILL);
        }
        fixtures.close();
    }

    @Test
    void nofile_visibleInProcLimits_andBinds() throws Exception {
        PreparedEnforcement e = fixtures.prepare("files",
                ResourceLimits.builder().limit(LimitKind.FILE_DESCRIPTORS, 16).build(), noCgroup);
        Process p = fixtures.start(e.wrap(Fixtures.python("""
                import sys
                files = []
                try:
                    while True:
                        files.append(open('/dev/null'))
                except OSError as err:
                    print('opened', len(files), err.errno, flush=True)
                sys.stdin.readline()
                """)));

        String line = Fixtures.readLine(p);

        assertThat(Files.readAllLines(Path.of("/proc/" + p.pid() + "/limits")))
                .anyMatch(l -> l.matches("Max open files\\s+16\\s+16\\s+files\\s*"));
        String[] parts = line.split(" ");
        assertThat(parts[0]).isEqualTo("opened");
        assertThat(Integer.parseInt(parts[1])).isBetween(1, 13);   // 16 minus stdin, stdout, stderr and python's own
        assertThat(parts[2]).isEqualTo("24");                      // EMFILE
    }

    @Test
    void nproc_bindsAnUnprivilegedUser() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is missing");
        Assumptions.assumeTrue(Posix.get().geteuid() == 0, "switching to nobody needs root");
        long nobodyNow = ProcessHandle.allProcesses().filter(h -> h.info().user().filter("nobody"::equals).isPresent()).count();
        int limit = (int) nobodyNow + 3;
        PreparedEnforcement e = fixtures.prepare("nproc",
                ResourceLimits.builder().limit(LimitKind.PROCESSES, limit).build(), noCgroup);
        List<String> command = new ArrayList<>(List.of("/usr/bin/setsid", "/usr/bin/setpriv", "--reuid=65534",
                "--regid=65534", "--clear-groups", "--"));
        command.addAll(Fixtures.python("""
                import os, sys, time
                forked = 0
                try:
                    for _ in range(50):
                        if os.fork() == 0:
                            time.sleep(600); os._exit(0)
                        forked += 1
                except OSError as err:
                    print('forked', forked, err.errno, flush=True)
                sys.stdin.readline()
                """));
        assertThat(e.wrap(command).get(0)).endsWith("prlimit");
        Process p = fixtures.start(e.wrap(command));
        groups.add((int) p.pid());

        String line = Fixtures.readLine(p);

        assertThat(line).startsWith("forked ").endsWith(" 11");   // EAGAIN
        assertThat(Integer.parseInt(line.split(" ")[1])).isLessThan(limit);
        assertThat(p.info().user()).hasValue("nobody");
    }
}
