package io.hsu.resources.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsu.core.WorkerId;
import io.hsu.resources.EnforcementConfig;
import io.hsu.resources.LimitKind;
import io.hsu.resources.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the cgroups can apply of weights and I/O limits, and the files written, on fake hierarchies in a directory. */
final class CgroupSupportTest {
    @TempDir
    Path root;
    private Path sysBlock;
    private Path blkio;
    private Path cpu;
    private Path unified;

    @BeforeEach
    void disks() throws IOException {
        sysBlock = root.resolve("sys-block");
        disk("vda", "254:0", "none [mq-deadline] kyber bfq");
        disk("loop0", "7:0", "[none] mq-deadline");
        disk("zram0", "253:0", null);
        blkio = Files.createDirectories(root.resolve("blkio"));
        cpu = Files.createDirectories(root.resolve("cpu"));
        unified = Files.createDirectories(root.resolve("unified"));
    }

    @Test
    void wholeDisks_skipLoopAndZram() {
        assertThat(BlockDevices.wholeDisks(sysBlock)).containsExactly(new BlockDevices.Disk("vda", "254:0", false));
        assertThat(BlockDevices.bfqLoaded(sysBlock)).isTrue();
    }

    @Test
    void v1_bfqLoadedButNotActive_weightAppliesWithACaveat() throws IOException {
        touch(blkio, "blkio.throttle.read_bps_device", "blkio.bfq.io_service_bytes");
        touch(cpu, "cpu.shares");
        ResourceLimits limits = ResourceLimits.builder().ioWeight(500).cpuShares(512)
                .limit(LimitKind.IO_WRITE_BPS, 1 << 20).build();

        CgroupSupport support = CgroupSupport.of(v1(), sysBlock);

        assertThat(support.unsupported(limits)).isEmpty();
        assertThat(support.caveats(limits)).isEqualTo(Map.of(
                "io.weight", "io.weight is applied through blkio.bfq.weight, which only disks with the bfq scheduler"
                        + " honour, and none has it now (echo bfq > /sys/block/vda/queue/scheduler)",
                "io", "cgroup v1 blkio throttles reads and direct writes only: buffered writes reach the disk later"
                        + " through the kernel's writeback, outside the worker's cgroup, and are not limited"));
    }

    @Test
    void v1_noWeightFileNoThrottlingNoShares_saysWhatIsMissing() throws IOException {
        disk("vda", "254:0", "none [mq-deadline] kyber");
        ResourceLimits limits = ResourceLimits.builder().ioWeight(500).cpuShares(512)
                .limit(LimitKind.IO_READ_OPS, 100).limit(LimitKind.IO_WRITE_BPS, 1 << 20).build();

        Map<String, String> unsupported = CgroupSupport.of(v1(), sysBlock).unsupported(limits);

        assertThat(unsupported).containsExactly(
                Map.entry("cpu_shares", "cpu_shares needs cpu.shares, but the cgroup v1 cpu hierarchy at " + cpu
                        + " has none (a kernel without CONFIG_FAIR_GROUP_SCHED)"),
                Map.entry("io.weight", "io.weight needs blkio.weight or blkio.bfq.weight, but the cgroup v1 blkio"
                        + " hierarchy at " + blkio + " offers neither (CFQ left Linux in 5.0, and the bfq scheduler is"
                        + " not loaded: modprobe bfq)"),
                Map.entry("io", "io.max_write_bps, io.max_read_ops need blkio.throttle.*, but the cgroup v1 blkio"
                        + " hierarchy at " + blkio + " has none (a kernel without CONFIG_BLK_DEV_THROTTLING)"));
    }

    @Test
    void noController_saysWhichIsMissing() {
        CgroupMounts emptyV2 = new CgroupMounts(Optional.of(hierarchy(2, unified, Set.of("memory"))), List.of());
        ResourceLimits limits = ResourceLimits.builder().ioWeight(50).cpuShares(2).limit(LimitKind.IO_READ_BPS, 1).build();

        assertThat(CgroupSupport.of(emptyV2, sysBlock).unsupported(limits)).containsExactly(
                Map.entry("cpu_shares", "cpu_shares needs the cpu controller: cgroup v2 offers [memory] and no cgroup"
                        + " v1 hierarchy mounts cpu"),
                Map.entry("io.weight", "io.weight needs the io controller: cgroup v2 offers [memory] and no cgroup"
                        + " v1 hierarchy mounts blkio"),
                Map.entry("io", "io.max_read_bps needs the io controller: cgroup v2 offers [memory] and no cgroup v1"
                        + " hierarchy mounts blkio"));
    }

    @Test
    void v2_iocost_everythingApplies() throws IOException {
        touch(unified, "io.cost.qos");
        disk("vda", "254:0", "none [mq-deadline] kyber");
        CgroupMounts v2 = new CgroupMounts(Optional.of(hierarchy(2, unified, Set.of("cpu", "io"))), List.of());
        ResourceLimits limits = ResourceLimits.builder().ioWeight(500).cpuShares(512)
                .limit(LimitKind.IO_WRITE_BPS, 1 << 20).build();

        CgroupSupport support = CgroupSupport.of(v2, sysBlock);

        assertThat(support.unsupported(limits)).isEmpty();
        assertThat(support.caveats(limits)).isEmpty();
    }

    @Test
    void create_v2_writesIoMaxIoWeightAndCpuWeight() throws IOException {
        CgroupMounts v2 = new CgroupMounts(Optional.of(hierarchy(2, unified, Set.of("cpu", "io"))), List.of());
        Path worker = Files.createDirectories(unified.resolve("hsu/db"));
        touch(worker, "io.weight", "cpu.weight");   // io.bfq.weight missing: bfq not loaded
        ResourceLimits limits = ResourceLimits.builder().ioWeight(500).cpuShares(512)
                .limit(LimitKind.IO_READ_BPS, 8 << 20).limit(LimitKind.IO_WRITE_OPS, 200).build();

        WorkerCgroups cgroups = WorkerCgroups.create(WorkerId.of("db"), limits, EnforcementConfig.DEFAULT, v2, sysBlock);

        assertThat(cgroups.controllerSources()).isEqualTo(Map.of("cpu", "v2", "io", "v2"));
        assertThat(unified.resolve("hsu/cgroup.subtree_control")).hasContent("+cpu +io");
        assertThat(worker.resolve("io.max")).hasContent("254:0 rbps=8388608 wiops=200");
        assertThat(worker.resolve("io.weight")).hasContent("500");
        assertThat(worker.resolve("io.bfq.weight")).doesNotExist();
        assertThat(worker.resolve("cpu.weight")).hasContent("20");
    }

    @Test
    void create_v1_writesThrottleLinesBfqWeightAndShares() throws IOException {
        Path worker = Files.createDirectories(blkio.resolve("hsu/db"));
        Path cpuWorker = Files.createDirectories(cpu.resolve("hsu/db"));
        touch(worker, "blkio.bfq.weight");
        ResourceLimits limits = ResourceLimits.builder().ioWeight(50).cpuShares(512)
                .limit(LimitKind.IO_WRITE_BPS, 2 << 20).build();

        WorkerCgroups cgroups = WorkerCgroups.create(WorkerId.of("db"), limits, EnforcementConfig.DEFAULT, v1(), sysBlock);

        assertThat(cgroups.controllerSources()).isEqualTo(Map.of("cpu", "v1", "io", "v1"));
        assertThat(worker.resolve("blkio.throttle.write_bps_device")).hasContent("254:0 2097152");
        assertThat(worker.resolve("blkio.throttle.read_bps_device")).doesNotExist();
        assertThat(worker.resolve("blkio.bfq.weight")).hasContent("50");
        assertThat(worker.resolve("blkio.weight")).doesNotExist();
        assertThat(cpuWorker.resolve("cpu.shares")).hasContent("512");
    }

    @Test
    void create_noWeightFile_failsAndRemovesWhatItMade() {
        ResourceLimits limits = ResourceLimits.builder().ioWeight(50).build();

        assertThatThrownBy(() -> WorkerCgroups.create(WorkerId.of("db"), limits, EnforcementConfig.DEFAULT, v1(), sysBlock))
                .hasMessage("worker 'db': cannot apply limits.io.weight: " + blkio.resolve("hsu/db")
                        + " has neither blkio.weight nor blkio.bfq.weight");
        assertThat(blkio.resolve("hsu/db")).doesNotExist();
    }

    @Test
    void create_noBlkio_saysSo() {
        CgroupMounts noBlkio = new CgroupMounts(Optional.empty(), List.of(hierarchy(1, cpu, Set.of("cpu"))));
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.IO_WRITE_BPS, 1).ioWeight(10).build();

        assertThatThrownBy(() -> WorkerCgroups.create(WorkerId.of("db"), limits, EnforcementConfig.DEFAULT, noBlkio, sysBlock))
                .hasMessage("worker 'db': cannot make a cgroup: no io controller (needed for limits.io.max_write_bps,"
                        + " limits.io.weight): cgroup v2 is not mounted and no cgroup v1 hierarchy mounts blkio");
    }

    @Test
    void weightConversions() {
        assertThat(List.of(WorkerCgroups.cpuWeight(2), WorkerCgroups.cpuWeight(1024), WorkerCgroups.cpuWeight(262_144)))
                .containsExactly(1L, 39L, 10_000L);
        assertThat(List.of(WorkerCgroups.bfqWeight(1), WorkerCgroups.bfqWeight(100), WorkerCgroups.bfqWeight(500),
                WorkerCgroups.bfqWeight(10_000))).containsExactly(1L, 100L, 136L, 1000L);
        assertThat(List.of(WorkerCgroups.blkioWeight(1), WorkerCgroups.blkioWeight(100), WorkerCgroups.blkioWeight(10_000)))
                .containsExactly(10L, 500L, 1000L);
    }

    private CgroupMounts v1() {
        return new CgroupMounts(Optional.empty(), List.of(hierarchy(1, cpu, Set.of("cpu")), hierarchy(1, blkio, Set.of("blkio"))));
    }

    private static CgroupMounts.Hierarchy hierarchy(int version, Path mount, Set<String> controllers) {
        return new CgroupMounts.Hierarchy(version, mount, controllers, "/");
    }

    private void disk(String name, String number, String scheduler) throws IOException {
        Path dir = Files.createDirectories(sysBlock.resolve(name).resolve("queue"));
        Files.writeString(dir.getParent().resolve("dev"), number + "\n");
        if (scheduler != null) {
            Files.writeString(dir.resolve("scheduler"), scheduler + "\n");
        }
    }

    private static void touch(Path dir, String... files) throws IOException {
        for (String f : files) {
            Files.writeString(dir.resolve(f), "");
        }
    }
}
