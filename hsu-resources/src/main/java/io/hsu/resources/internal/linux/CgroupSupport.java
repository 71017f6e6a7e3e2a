package io.hsu.resources.internal.linux;

import io.hsu.resources.LimitKind;
import io.hsu.resources.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What this kernel's cgroups can apply of {@code cpu_shares} and {@code limits.io}, for the check at
 * config load (it depends on the kernel, not on who runs HSU). Worked out from the hierarchies' root
 * directories, because the files in question ({@code io.max}, {@code io.weight},
 * {@code blkio.bfq.weight}) exist only below the root: iocost shows itself by {@code io.cost.qos} at
 * the v2 root, bfq by its {@code blkio.bfq.*} statistics at the v1 root and by its name among the
 * disks' schedulers. A worker's cgroup checks the real files again when it is made.
 *
 * <p>Immutable and thread-safe.
 */
public final class CgroupSupport {
    private final CgroupMounts mounts;
    private final Path sysBlock;

    private CgroupSupport(CgroupMounts mounts, Path sysBlock) {
        this.mounts = mounts;
        this.sysBlock = sysBlock;
    }

    /** Probes this process's view of the cgroup file system mounted at {@code cgroupRoot}, and {@code /sys/block}. */
    public static CgroupSupport probe(Path cgroupRoot) {
        return new CgroupSupport(CgroupMounts.read(cgroupRoot), Path.of("/sys/block"));
    }

    static CgroupSupport of(CgroupMounts mounts, Path sysBlock) {
        return new CgroupSupport(mounts, sysBlock);
    }

    /**
     * What of {@code limits} the cgroups here cannot apply at all, by key below {@code limits}
     * ({@code cpu_shares}, {@code io.weight}, {@code io}); each value says what is missing.
     */
    public Map<String, String> unsupported(ResourceLimits limits) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (limits.cpuShares() > 0) {
            cpuProblem().ifPresent(p -> problems.put("cpu_shares", "cpu_shares needs " + p));
        }
        if (limits.ioWeight() > 0) {
            ioWeightProblem().ifPresent(p -> problems.put("io.weight", "io.weight needs " + p));
        }
        List<String> ioLimits = ioLimitNames(limits);
        if (!ioLimits.isEmpty()) {
            ioMaxProblem().ifPresent(p -> problems.put("io", String.join(", ", ioLimits)
                    + (ioLimits.size() == 1 ? " needs " : " need ") + p));
        }
        return problems;
    }

    /** What of {@code limits} the cgroups here apply only in part, by key as in {@link #unsupported}: warnings. */
    public Map<String, String> caveats(ResourceLimits limits) {
        Map<String, String> caveats = new LinkedHashMap<>();
        Optional<CgroupMounts.Hierarchy> io = ioHierarchy();
        if (io.isEmpty()) {
            return caveats;
        }
        Path root = io.get().mount();
        if (limits.ioWeight() > 0 && ioWeightProblem().isEmpty()) {
            boolean onlyBfq = io.get().version() == 2 ? !Files.exists(root.resolve("io.cost.qos"))
                    : !Files.exists(root.resolve("blkio.weight"));
            List<BlockDevices.Disk> disks = BlockDevices.wholeDisks(sysBlock);
            if (onlyBfq && disks.stream().noneMatch(BlockDevices.Disk::bfqActive)) {
                String file = io.get().version() == 2 ? "io.bfq.weight" : "blkio.bfq.weight";
                caveats.put("io.weight", "io.weight is applied through " + file + ", which only disks with the bfq"
                        + " scheduler honour, and none has it now (" + String.join(", ",
                        disks.stream().map(d -> "echo bfq > /sys/block/" + d.name() + "/queue/scheduler").toList()) + ")");
            }
        }
        if (io.get().version() == 1 && (limits.hasLimit(LimitKind.IO_WRITE_BPS) || limits.hasLimit(LimitKind.IO_WRITE_OPS))
                && ioMaxProblem().isEmpty()) {
            caveats.put("io", "cgroup v1 blkio throttles reads and direct writes only: buffered writes reach the disk"
                    + " later through the kernel's writeback, outside the worker's cgroup, and are not limited");
        }
        return caveats;
    }

    /** The limits.io keys with a limit: {@code max_write_bps} and so on. */
    public static List<String> ioLimitNames(ResourceLimits limits) {
        List<String> names = new ArrayList<>();
        for (LimitKind kind : new LimitKind[] {LimitKind.IO_READ_BPS, LimitKind.IO_WRITE_BPS, LimitKind.IO_READ_OPS,
                LimitKind.IO_WRITE_OPS}) {
            if (limits.hasLimit(kind)) {
                names.add(kind.path());
            }
        }
        return names;
    }

    /** The hierarchy whose io (v2) or blkio (v1) controller a worker would use, as {@link WorkerCgroups} picks it. */
    private Optional<CgroupMounts.Hierarchy> ioHierarchy() {
        if (mounts.v2().isPresent() && mounts.v2().get().controllers().contains("io")) {
            return mounts.v2();
        }
        return mounts.v1With("blkio");
    }

    private Optional<String> cpuProblem() {
        if (mounts.v2().isPresent() && mounts.v2().get().controllers().contains("cpu")) {
            return Optional.empty();
        }
        Optional<CgroupMounts.Hierarchy> v1 = mounts.v1With("cpu");
        if (v1.isEmpty()) {
            return Optional.of("the cpu controller: " + noController("cpu"));
        }
        if (!Files.exists(v1.get().mount().resolve("cpu.shares"))) {
            return Optional.of("cpu.shares, but the cgroup v1 cpu hierarchy at " + v1.get().mount()
                    + " has none (a kernel without CONFIG_FAIR_GROUP_SCHED)");
        }
        return Optional.empty();
    }

    private Optional<String> ioWeightProblem() {
        Optional<CgroupMounts.Hierarchy> io = ioHierarchy();
        if (io.isEmpty()) {
            return Optional.of("the io controller: " + noController("blkio"));
        }
        Path root = io.get().mount();
        boolean bfq = BlockDevices.bfqLoaded(sysBlock);
        if (io.get().version() == 2) {
            if (Files.exists(root.resolve("io.cost.qos")) || bfq) {
                return Optional.empty();
            }
            return Optional.of("io.weight or io.bfq.weight, but the cgroup v2 io controller at " + root + " offers"
                    + " neither (no io.cost.qos: a kernel without CONFIG_BLK_CGROUP_IOCOST; and the bfq scheduler is not"
                    + " loaded: modprobe bfq)");
        }
        if (Files.exists(root.resolve("blkio.weight")) || bfq || hasFileStartingWith(root, "blkio.bfq.")) {
            return Optional.empty();
        }
        return Optional.of("blkio.weight or blkio.bfq.weight, but the cgroup v1 blkio hierarchy at " + root
                + " offers neither (CFQ left Linux in 5.0, and the bfq scheduler is not loaded: modprobe bfq)");
    }

    private Optional<String> ioMaxProblem() {
        Optional<CgroupMounts.Hierarchy> io = ioHierarchy();
        if (io.isEmpty()) {
            return Optional.of("the io controller: " + noController("blkio"));
        }
        if (io.get().version() == 1 && !Files.exists(io.get().mount().resolve("blkio.throttle.read_bps_device"))) {
            return Optional.of("blkio.throttle.*, but the cgroup v1 blkio hierarchy at " + io.get().mount()
                    + " has none (a kernel without CONFIG_BLK_DEV_THROTTLING)");
        }
        if (BlockDevices.wholeDisks(sysBlock).isEmpty()) {
            return Optional.of("a disk to limit, but " + sysBlock + " lists no whole disk (loop, ram and zram"
                    + " devices are not limited)");
        }
        return Optional.empty();
    }

    private String noController(String v1Name) {
        return "cgroup v2 " + mounts.v2().map(h -> "offers " + h.controllers()).orElse("is not mounted")
                + " and no cgroup v1 hierarchy mounts " + v1Name;
    }

    private static boolean hasFileStartingWith(Path dir, String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(prefix));
        } catch (IOException e) {
            return false;
        }
    }
}
