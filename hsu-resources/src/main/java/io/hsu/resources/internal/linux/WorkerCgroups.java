package io.hsu.resources.internal.linux;

import io.hsu.core.WorkerId;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.Signal;
import io.hsu.resources.CpuThrottle;
import io.hsu.resources.EnforcementConfig;
import io.hsu.resources.EnforcementException;
import io.hsu.resources.LimitCategory;
import io.hsu.resources.LimitKind;
import io.hsu.resources.LimitPolicy;
import io.hsu.resources.ResourceLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's cgroups: a v2 cgroup whenever a v2 hierarchy is mounted (for {@code cgroup.kill},
 * {@code cgroup.freeze} and the process list, even without controllers), and for each controller
 * the worker needs (memory, cpu, pids, and io when it has an I/O limit or weight) the v2 controller
 * where v2 offers it, else the v1 hierarchy that mounts it (blkio for io).
 *
 * <p>Lifecycle: {@link #create} makes the directories and writes the limits; the child joins by
 * writing its pid into every {@link #procsFiles()}; {@link #close()} kills what is left and removes
 * the directories. Thread-safe: methods only read and write cgroup files.
 */
public final class WorkerCgroups implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerCgroups.class);

    private final WorkerId workerId;
    private final Path v2;                          // null without a v2 hierarchy
    private final Map<String, Path> controllerDirs; // controller -> directory (v2 or v1)
    private final Set<String> v2Controllers;
    private final List<Path> created;               // worker directories, removed on close
    private volatile boolean closed;

    private WorkerCgroups(WorkerId workerId, Path v2, Map<String, Path> controllerDirs, Set<String> v2Controllers,
                          List<Path> created) {
        this.workerId = workerId;
        this.v2 = v2;
        this.controllerDirs = controllerDirs;
        this.v2Controllers = v2Controllers;
        this.created = created;
    }

    /** The memory limit the cgroup enforces: max_rss when memory's policy is immediate_kill (the OOM killer is the kill). */
    static long hardMemoryLimit(ResourceLimits limits) {
        return limits.policy(LimitKind.MEMORY_RSS) == LimitPolicy.IMMEDIATE_KILL ? (long) limits.limit(LimitKind.MEMORY_RSS) : 0;
    }

    /** Whether throttling may need the cpu controller. */
    static boolean wantsCpu(ResourceLimits limits) {
        return limits.rule(LimitCategory.CPU).policy() == LimitPolicy.THROTTLE
                && (limits.hasLimit(LimitKind.CPU_PERCENT) || limits.hasLimit(LimitKind.CPU_CORES));
    }

    /**
     * Creates the worker's cgroups and writes its limits.
     *
     * @throws EnforcementException saying what is missing: no cgroup file system, a controller a
     *     limit needs, a file a limit needs, or write access (with the uid)
     */
    public static WorkerCgroups create(WorkerId workerId, ResourceLimits limits, EnforcementConfig config) {
        return create(workerId, limits, config, CgroupMounts.read(config.cgroupRoot()), Path.of("/sys/block"));
    }

    static WorkerCgroups create(WorkerId workerId, ResourceLimits limits, EnforcementConfig config, CgroupMounts mounts,
                                Path sysBlock) {
        String who = "worker '" + workerId + "': ";
        if (mounts.v2().isEmpty() && mounts.v1().isEmpty()) {
            throw new EnforcementException(who + "cannot make a cgroup: no cgroup file system is mounted under "
                    + config.cgroupRoot());
        }
        long memoryMax = hardMemoryLimit(limits);
        long swapMax = limits.policy(LimitKind.MEMORY_SWAP) == LimitPolicy.IMMEDIATE_KILL
                ? (long) limits.limit(LimitKind.MEMORY_SWAP) : 0;
        long pidsMax = (long) limits.limit(LimitKind.PROCESSES);
        List<String> ioNeeds = new ArrayList<>();
        for (String name : CgroupSupport.ioLimitNames(limits)) {
            ioNeeds.add("limits." + name);
        }
        if (limits.ioWeight() > 0) {
            ioNeeds.add("limits.io.weight");
        }
        Map<String, String> needs = new LinkedHashMap<>();   // controller -> why it is required, or null
        needs.put("memory", memoryMax > 0 || swapMax > 0 ? "limits.memory with policy immediate_kill" : null);
        needs.put("pids", pidsMax > 0 ? "limits.process.max_processes" : null);
        // throttling falls back to SIGSTOP/SIGCONT without cpu; shares need it
        needs.put("cpu", limits.cpuShares() > 0 ? "limits.cpu_shares" : null);
        needs.put("io", ioNeeds.isEmpty() ? null : String.join(", ", ioNeeds));

        Set<String> fromV2 = new LinkedHashSet<>();
        Map<String, CgroupMounts.Hierarchy> fromV1 = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> need : needs.entrySet()) {
            String c = need.getKey();
            String v1Name = v1Name(c);
            if (c.equals("io") && need.getValue() == null) {
                continue;   // joined only for a limit: memory, pids and cpu always, for kill, stats and throttling
            }
            if (mounts.v2().isPresent() && mounts.v2().get().controllers().contains(c)) {
                fromV2.add(c);
            } else if (mounts.v1With(v1Name).isPresent()) {
                fromV1.put(c, mounts.v1With(v1Name).get());
            } else if (need.getValue() != null) {
                missing.add("no " + c + " controller (needed for " + need.getValue() + "): cgroup v2 "
                        + mounts.v2().map(h -> "offers " + h.controllers()).orElse("is not mounted")
                        + " and no cgroup v1 hierarchy mounts " + (v1Name.equals(c) ? "it" : v1Name));
            }
        }
        if (!missing.isEmpty()) {
            throw new EnforcementException(who + "cannot make a cgroup: " + String.join("; ", missing));
        }
        List<BlockDevices.Disk> disks = ioNeeds.isEmpty() ? List.of() : BlockDevices.wholeDisks(sysBlock);

        List<Path> created = new ArrayList<>();
        Map<String, Path> dirs = new LinkedHashMap<>();
        Path v2Dir = null;
        try {
            if (mounts.v2().isPresent()) {
                CgroupMounts.Hierarchy h = mounts.v2().get();
                Path parent = parentDir(h, config);
                makeParent(who, parent);
                enableV2Controllers(h, parent, fromV2);
                v2Dir = makeWorkerDir(who, parent.resolve(workerId.value()), created);
                for (String c : fromV2) {
                    dirs.put(c, v2Dir);
                }
            }
            for (Map.Entry<String, CgroupMounts.Hierarchy> e : fromV1.entrySet()) {
                Path parent = parentDir(e.getValue(), config);
                Path dir = parent.resolve(workerId.value());
                if (!created.contains(dir)) {
                    makeParent(who, parent);
                    makeWorkerDir(who, dir, created);
                }
                dirs.put(e.getKey(), dir);
            }
            WorkerCgroups cgroups = new WorkerCgroups(workerId, v2Dir, Map.copyOf(dirs), Set.copyOf(fromV2), List.copyOf(created));
            cgroups.writeLimits(memoryMax, swapMax, pidsMax);
            cgroups.writeWeightsAndIo(who, limits, disks);
            return cgroups;
        } catch (EnforcementException e) {
            removeAll(created);
            throw e;
        }
    }

    /** The v1 name of a controller: blkio for v2's io. */
    static String v1Name(String controller) {
        return controller.equals("io") ? "blkio" : controller;
    }

    private static Path parentDir(CgroupMounts.Hierarchy h, EnforcementConfig config) {
        String parent = config.cgroupParent();
        return parent.startsWith("/") ? h.mount().resolve(parent.substring(1)) : h.ownDirectory().resolve(parent);
    }

    private static void makeParent(String who, Path parent) {
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new EnforcementException(who + "cannot make the cgroup parent " + parent + ": " + reason(e), e);
        }
    }

    private static Path makeWorkerDir(String who, Path dir, List<Path> created) {
        try {
            Files.createDirectory(dir);
            created.add(dir);
            return dir;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            String procs = readQuietly(dir.resolve("cgroup.procs")).trim();
            if (!procs.isEmpty()) {
                throw new EnforcementException(who + "cgroup " + dir + " is still in use by pids "
                        + procs.replace('\n', ' ') + "; stop them or remove the cgroup");
            }
            created.add(dir);   // a leftover of an earlier run: reuse it, remove it on close
            return dir;
        } catch (IOException e) {
            throw new EnforcementException(who + "cannot make cgroup " + dir + ": " + reason(e), e);
        }
    }

    private static void enableV2Controllers(CgroupMounts.Hierarchy h, Path parent, Set<String> controllers) {
        if (controllers.isEmpty()) {
            return;
        }
        // From our own cgroup down to the parent, each level must pass the controllers on.
        List<Path> levels = new ArrayList<>();
        for (Path p = parent; p.startsWith(h.mount()); p = p.getParent()) {
            levels.add(0, p);
            if (p.equals(h.ownDirectory()) || p.equals(h.mount())) {
                break;
            }
        }
        StringBuilder enable = new StringBuilder();
        for (String c : controllers) {
            enable.append(enable.length() == 0 ? "+" : " +").append(c);
        }
        for (Path level : levels) {
            try {
                Files.writeString(level.resolve("cgroup.subtree_control"), enable.toString());
            } catch (IOException e) {
                throw new EnforcementException("cannot enable cgroup v2 controllers " + controllers + " in " + level + ": "
                        + reason(e) + " (a cgroup with processes of its own cannot pass controllers on)", e);
            }
        }
    }

    private void writeLimits(long memoryMax, long swapMax, long pidsMax) {
        Path memory = controllerDirs.get("memory");
        if (memory != null && memoryMax > 0) {
            if (v2Controllers.contains("memory")) {
                write(memory.resolve("memory.max"), Long.toString(memoryMax));
                write(memory.resolve("memory.oom.group"), "1");
                if (swapMax > 0) {
                    write(memory.resolve("memory.swap.max"), Long.toString(swapMax));
                }
            } else {
                write(memory.resolve("memory.limit_in_bytes"), Long.toString(memoryMax));
                Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
                if (swapMax > 0 && Files.exists(memsw)) {
                    write(memsw, Long.toString(memoryMax + swapMax));
                }
            }
        }
        Path pids = controllerDirs.get("pids");
        if (pids != null && pidsMax > 0) {
            write(pids.resolve("pids.max"), Long.toString(pidsMax));
        }
    }

    /**
     * Writes {@code cpu_shares} ({@code cpu.weight} or v1 {@code cpu.shares}), {@code io.weight}
     * (each of {@code io.weight} and {@code io.bfq.weight}, or v1 {@code blkio.weight} and
     * {@code blkio.bfq.weight}, that exists) and the I/O limits ({@code io.max}, or the v1
     * {@code blkio.throttle.*_device} files), one line per disk of {@link BlockDevices}.
     */
    private void writeWeightsAndIo(String who, ResourceLimits limits, List<BlockDevices.Disk> disks) {
        Path cpu = controllerDirs.get("cpu");
        if (cpu != null && limits.cpuShares() > 0) {
            if (v2Controllers.contains("cpu")) {
                write(cpu.resolve("cpu.weight"), Long.toString(cpuWeight(limits.cpuShares())));
            } else {
                write(cpu.resolve("cpu.shares"), Integer.toString(limits.cpuShares()));
            }
        }
        Path io = controllerDirs.get("io");
        if (io == null) {
            return;
        }
        boolean v2Io = v2Controllers.contains("io");
        int weight = limits.ioWeight();
        if (weight > 0) {
            Map<String, Long> files = new LinkedHashMap<>();
            files.put(v2Io ? "io.weight" : "blkio.weight", v2Io ? weight : blkioWeight(weight));
            files.put(v2Io ? "io.bfq.weight" : "blkio.bfq.weight", bfqWeight(weight));
            boolean written = false;
            for (Map.Entry<String, Long> f : files.entrySet()) {
                Path file = io.resolve(f.getKey());
                if (Files.exists(file)) {
                    write(file, Long.toString(f.getValue()));
                    written = true;
                }
            }
            if (!written) {
                throw new EnforcementException(who + "cannot apply limits.io.weight: " + io + " has neither "
                        + String.join(" nor ", files.keySet()));
            }
        }
        long[] values = {(long) limits.limit(LimitKind.IO_READ_BPS), (long) limits.limit(LimitKind.IO_WRITE_BPS),
            (long) limits.limit(LimitKind.IO_READ_OPS), (long) limits.limit(LimitKind.IO_WRITE_OPS)};
        if (Arrays.stream(values).allMatch(v -> v == 0)) {
            return;
        }
        if (disks.isEmpty()) {
            throw new EnforcementException(who + "cannot apply " + String.join(", ", CgroupSupport.ioLimitNames(limits))
                    + ": /sys/block lists no whole disk (loop, ram and zram devices are not limited)");
        }
        String[] v2Keys = {"rbps", "wbps", "riops", "wiops"};
        String[] v1Files = {"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
            "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device"};
        for (BlockDevices.Disk disk : disks) {
            if (v2Io) {
                StringBuilder line = new StringBuilder(disk.number());
                for (int i = 0; i < values.length; i++) {
                    if (values[i] > 0) {
                        line.append(' ').append(v2Keys[i]).append('=').append(values[i]);
                    }
                }
                write(io.resolve("io.max"), line.toString());
            } else {
                for (int i = 0; i < values.length; i++) {
                    if (values[i] > 0) {
                        write(io.resolve(v1Files[i]), disk.number() + " " + values[i]);
                    }
                }
            }
        }
    }

    /** v1 shares (2 to 262144) to v2 {@code cpu.weight} (1 to 10000), as runc and crun convert them. */
    static long cpuWeight(int shares) {
        return 1 + ((shares - 2L) * 9999) / 262_142;
    }

    /** v2 io weight (1 to 10000, default 100) to v1 {@code blkio.weight} (10 to 1000, default 500), as systemd does. */
    static long blkioWeight(int ioWeight) {
        return Math.max(10, Math.min(1000, ioWeight * 500L / 100));
    }

    /** v2 io weight to bfq's (1 to 1000, default 100), as systemd does: equal up to 100, then scaled. */
    static long bfqWeight(int ioWeight) {
        return ioWeight <= 100 ? ioWeight : 100 + (ioWeight - 100L) * 900 / 9900;
    }

    /** The {@code cgroup.procs} files the child writes its pid into, v2 first. */
    public List<Path> procsFiles() {
        Set<Path> files = new LinkedHashSet<>();
        if (v2 != null) {
            files.add(v2.resolve("cgroup.procs"));
        }
        for (Path dir : controllerDirs.values()) {
            files.add(dir.resolve("cgroup.procs"));
        }
        return List.copyOf(files);
    }

    /** The procs file that lists every process of the worker. */
    public Path samplingProcs() {
        return procsFiles().get(0);
    }

    /** The worker's cgroup directories: v2 first, then v1 ones. */
    public List<Path> directories() {
        return created;
    }

    /** Which hierarchy provides each controller, for logs: {@code {memory=v1, pids=v1, cpu=v1}}. */
    public Map<String, String> controllerSources() {
        Map<String, String> m = new LinkedHashMap<>();
        controllerDirs.forEach((c, dir) -> m.put(c, v2Controllers.contains(c) ? "v2" : "v1"));
        return m;
    }

    /** The pids in the worker's cgroup now. */
    public long[] pids() {
        String text = readQuietly(samplingProcs());
        return text.lines().filter(s -> !s.isBlank()).mapToLong(s -> Long.parseLong(s.trim())).toArray();
    }

    /**
     * Kills every process of the cgroup: {@code cgroup.kill} on v2, else SIGKILL to each listed pid
     * until none is left (a process forking meanwhile is caught by the next round).
     *
     * @return true if there was a process to kill
     */
    public boolean kill() {
        boolean any = false;
        if (v2 != null && Files.exists(v2.resolve("cgroup.kill"))) {
            any = pids().length > 0;
            write(v2.resolve("cgroup.kill"), "1");
        }
        for (int round = 0; round < 100; round++) {
            boolean found = false;
            for (Path procs : procsFiles()) {
                for (String line : readQuietly(procs).split("\n")) {
                    if (!line.isBlank()) {
                        found = true;
                        Posix.get().kill(Integer.parseInt(line.trim()), Signal.KILL);
                    }
                }
            }
            if (!found) {
                break;
            }
            any = true;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        return any;
    }

    /**
     * Freezes ({@code true}) or thaws the worker through v2's {@code cgroup.freeze}.
     *
     * @return false without a v2 cgroup
     */
    public boolean freeze(boolean frozen) {
        if (v2 == null || !Files.exists(v2.resolve("cgroup.freeze"))) {
            return false;
        }
        write(v2.resolve("cgroup.freeze"), frozen ? "1" : "0");
        return true;
    }

    /** Whether v2 reports the cgroup frozen ({@code frozen 1} in {@code cgroup.events}). */
    public boolean isFrozen() {
        return v2 != null && readQuietly(v2.resolve("cgroup.events")).contains("frozen 1");
    }

    /** Whether the kernel's OOM killer killed a process of this cgroup (needs the memory controller). */
    public boolean isOomKilled() {
        Path memory = controllerDirs.get("memory");
        if (memory == null) {
            return false;
        }
        String file = v2Controllers.contains("memory") ? "memory.events" : "memory.oom_control";
        String text = readQuietly(memory.resolve(file));
        for (String line : text.split("\n")) {
            if (line.startsWith("oom_kill ")) {
                return Long.parseLong(line.substring("oom_kill ".length()).trim()) > 0;
            }
        }
        return false;
    }

    /** A throttle by CPU quota, if the worker has the cpu controller. The caller closes it. */
    public Optional<CpuThrottle> cpuThrottle() {
        Path cpu = controllerDirs.get("cpu");
        if (cpu == null) {
            return Optional.empty();
        }
        return Optional.of(new CgroupCpuThrottle(cpu, v2Controllers.contains("cpu")));
    }

    /**
     * Kills what is left, waits up to 5 seconds for the cgroups to empty, and removes them.
     * Idempotent. A cgroup that stays busy is logged and left (its path is in the message).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (anyProcs()) {
            kill();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (anyProcs() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        removeAll(created);
    }

    private boolean anyProcs() {
        for (Path procs : procsFiles()) {
            if (!readQuietly(procs).isBlank()) {
                return true;
            }
        }
        return false;
    }

    private static void removeAll(List<Path> dirs) {
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Path dir = dirs.get(i);
            for (int attempt = 0; ; attempt++) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException e) {
                    if (attempt >= 100) {
                        log.warn("cannot remove cgroup {}: {}", dir, reason(e));
                        break;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));   // EBUSY while the last task exits
                }
            }
        }
    }

    static void write(Path file, String value) {
        try {
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new EnforcementException("cannot write '" + value + "' to " + file + ": " + reason(e), e);
        }
    }

    static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    /** Says why a file operation failed, with the uid when access was denied. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            int euid = -1;
            try {
                euid = Posix.get().geteuid();
            } catch (RuntimeException | LinkageError ignored) {
                // no POSIX bindings: leave the uid out
            }
            return "no write access (running as uid " + euid + (euid == 0 ? "" : ", not root") + ")";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.toString();
    }

    @Override
    public String toString() {
        return "WorkerCgroups[" + workerId + " " + created + "]";
    }
}
