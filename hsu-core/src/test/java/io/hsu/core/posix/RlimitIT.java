package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsu.core.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
final class RlimitIT {
    private final Posix posix = Posix.get();
    private final Children children = new Children();

    @AfterEach
    void killChildren() throws InterruptedException {
        children.close();
    }

    @Test
    void setRlimit_onChild_showsInProcLimits() throws IOException {
        int pid = (int) children.start("sleep", "30").pid();

        posix.setRlimit(pid, Resource.NOFILE, 64, 128);

        assertThat(posix.getRlimit(pid, Resource.NOFILE)).isEqualTo(new Rlimit(64, 128));
        assertThat(limitsRow(pid, Resource.NOFILE)).matches("Max open files +64 +128 +files *");
    }

    @Test
    void setRlimit_unlimitedSoft_mapsToInfinity() throws IOException {
        int pid = (int) children.start("sleep", "30").pid();

        posix.setRlimit(pid, Resource.CORE, 0, 0);
        posix.setRlimit(pid, Resource.CPU, new Rlimit(Rlimit.UNLIMITED, Rlimit.UNLIMITED));

        assertThat(posix.getRlimit(pid, Resource.CORE)).isEqualTo(Rlimit.of(0));
        assertThat(posix.getRlimit(pid, Resource.CPU)).isEqualTo(Rlimit.of(Rlimit.UNLIMITED));
        assertThat(limitsRow(pid, Resource.CPU)).matches("Max cpu time +unlimited +unlimited +seconds *");
    }

    @Test
    void getRlimit_ofThisProcess_matchesProcSelf() throws IOException {
        Rlimit own = posix.getRlimit(0, Resource.NOFILE);

        assertThat(limitsRow(posix.getpid(), Resource.NOFILE))
                .matches("Max open files +" + own.soft() + " +" + own.hard() + " +files *");
    }

    @Test
    void getRlimit_goneProcess_notFound() throws Exception {
        Process sleep = children.start("sleep", "30");
        int pid = (int) sleep.pid();
        sleep.destroyForcibly().waitFor();

        assertThatThrownBy(() -> posix.getRlimit(pid, Resource.NOFILE))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("prlimit(" + pid + ", RLIMIT_NOFILE) failed: ESRCH (No such process)");
    }

    private static String limitsRow(int pid, Resource resource) throws IOException {
        return Files.readAllLines(Path.of("/proc", Integer.toString(pid), "limits")).stream()
                .filter(line -> line.startsWith(resource.procLimitsName() + " "))
                .findFirst().orElseThrow();
    }
}
