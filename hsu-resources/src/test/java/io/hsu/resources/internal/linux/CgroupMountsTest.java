package io.hsu.resources.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsu.core.WorkerId;
import io.hsu.resources.CategoryRule;
import io.hsu.resources.EnforcementConfig;
import io.hsu.resources.LimitCategory;
import io.hsu.resources.LimitKind;
import io.hsu.resources.LimitPolicy;
import io.hsu.resources.ResourceLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class CgroupMountsTest {
    // This machine's layout: v1 controllers, an empty v2 hierarchy beside them.
    private static final String MOUNTINFO = """
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;
    private static final String PROC_CGROUP = """
            9:name=systemd:/
            8:pids:/
            4:memory:/process_api/abc
            2:cpuacct:/
            1:cpu:/
            0::/
            """;

    @Test
    void parse_v1WithV2Beside() {
        CgroupMounts mounts = CgroupMounts.parse(MOUNTINFO, PROC_CGROUP, Path.of("/sys/fs/cgroup"));

        assertThat(mounts.v2()).get().extracting(CgroupMounts.Hierarchy::mount).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
        assertThat(mounts.v1()).extracting(CgroupMounts.Hierarchy::controllers)
                .containsExactly(Set.of("cpu"), Set.of("cpuacct"), Set.of("memory"), Set.of("pids"));
        assertThat(mounts.v1With("memory")).get().extracting(CgroupMounts.Hierarchy::ownDirectory)
                .isEqualTo(Path.of("/sys/fs/cgroup/memory/process_api/abc"));
    }

    @Test
    void parse_containerMountRoot_isRelative() {
        String mountinfo = "41 31 0:38 /kubepods/pod1 /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
        CgroupMounts mounts = CgroupMounts.parse(mountinfo, "0::/kubepods/pod1/c1\n", Path.of("/sys/fs/cgroup"));
        assertThat(mounts.v2()).get().extracting(CgroupMounts.Hierarchy::ownPath).isEqualTo("/c1");
    }

    @Test
    void create_missingController_saysWhich() {
        CgroupMounts mounts = new CgroupMounts(Optional.of(new CgroupMounts.Hierarchy(2, Path.of("/nonexistent/unified"),
                Set.of(), "/")), List.of());
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.MEMORY_RSS, 1 << 20)
                .limit(LimitKind.PROCESSES, 5)
                .rule(LimitCategory.MEMORY, CategoryRule.DEFAULT.withPolicy(LimitPolicy.IMMEDIATE_KILL)).build();

        assertThatThrownBy(() -> WorkerCgroups.create(WorkerId.of("db"), limits, EnforcementConfig.DEFAULT, mounts,
                Path.of("/nonexistent")))
                .hasMessage("worker 'db': cannot make a cgroup: no memory controller (needed for limits.memory with policy "
                        + "immediate_kill): cgroup v2 offers [] and no cgroup v1 hierarchy mounts it; no pids controller "
                        + "(needed for limits.process.max_processes): cgroup v2 offers [] and no cgroup v1 hierarchy mounts it");
    }

    @Test
    void create_nothingMounted_saysSo() {
        CgroupMounts none = new CgroupMounts(Optional.empty(), List.of());
        assertThatThrownBy(() -> WorkerCgroups.create(WorkerId.of("db"), ResourceLimits.NONE, EnforcementConfig.DEFAULT, none,
                Path.of("/nonexistent")))
                .hasMessage("worker 'db': cannot make a cgroup: no cgroup file system is mounted under /sys/fs/cgroup");
    }
}
