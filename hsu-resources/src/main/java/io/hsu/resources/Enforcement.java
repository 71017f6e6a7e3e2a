package io.hsu.resources;

import io.hsu.core.WorkerId;
import io.hsu.resources.internal.linux.WorkerCgroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OS enforcement of a worker's limits, prepared by process control <em>before</em> it launches the
 * worker: the rlimits for {@code prlimit} and the cgroups the child joins before it runs user code
 * (see DESIGN.md, "Processes on Linux"). What the OS enforces:
 * <ul>
 *   <li>rlimits (with {@code enforcement.rlimits}): nofile = {@code process.max_file_descriptors},
 *       nproc = {@code process.max_processes} (counts every process of the user, and does not bind
 *       root), as = {@code memory.max_virtual}, cpu = {@code cpu.max_time} rounded up to seconds;
 *   <li>cgroups: {@code pids.max} = {@code process.max_processes}; the memory limit
 *       ({@code memory.max} or v1 {@code memory.limit_in_bytes}) = {@code memory.max_rss} when the
 *       memory policy is {@code immediate_kill}, so the kernel's OOM killer is the kill (other memory
 *       policies act through monitoring, after the sustained window); the CPU quota is set by the
 *       {@code throttle} policy when it acts ({@link PreparedEnforcement#cpuThrottle()});
 *       {@code cpu_shares} = {@code cpu.weight} (converted as runc does) or v1 {@code cpu.shares};
 *       the I/O limits = {@code io.max} ({@code rbps wbps riops wiops}) or the v1
 *       {@code blkio.throttle.{read,write}_{bps,iops}_device} files, for every whole disk in
 *       {@code /sys/block} but loop, ram and zram devices (the files reject partitions); the kernel
 *       caps the rate, so the io policy sees at most the limit. The kernel counts disk operations
 *       (riops, wiops) where monitoring counts read and write calls ({@code syscr}, {@code syscw}),
 *       and bytes that reach the disk where monitoring counts them as {@code /proc/PID/io} does.
 *       v1 blkio limits reads and direct writes only: buffered writes are written back later,
 *       outside the worker's cgroup (a warning at load says so).
 *       {@code io.weight} = {@code io.weight} and {@code io.bfq.weight}, or v1 {@code blkio.weight}
 *       and {@code blkio.bfq.weight}, whichever exist (bfq's weight counts only on disks whose
 *       scheduler is bfq). A value the kernel has no file for is an error at config load with
 *       {@code required} ({@link ResourceLimitsYaml});
 *   <li>{@code priority}: the nice value, through {@code nice -n} (a negative value needs root;
 *       without it nice warns and runs the worker at the inherited priority).
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class Enforcement {
    private static final Logger log = LoggerFactory.getLogger(Enforcement.class);

    private Enforcement() {}

    /**
     * Makes the worker's cgroups (per {@code config.cgroup()}) and works out its rlimits. The caller
     * owns the result and closes it after the worker's processes are gone.
     *
     * @throws EnforcementException with {@code cgroup: required} when the cgroup cannot be made (the
     *     message says what is missing), or when rlimits are asked for and {@code prlimit} is missing
     */
    public static PreparedEnforcement prepare(WorkerId workerId, ResourceLimits limits, EnforcementConfig config) {
        Objects.requireNonNull(workerId, "workerId must not be null");
        Objects.requireNonNull(limits, "limits must not be null");
        Objects.requireNonNull(config, "config must not be null");
        List<String> rlimits = config.rlimits() ? rlimitArguments(limits) : List.of();
        Path prlimit = null;
        if (!rlimits.isEmpty()) {
            prlimit = findTool("prlimit").orElseThrow(() -> new EnforcementException("worker '" + workerId
                    + "': cannot apply rlimits " + rlimits + ": prlimit (util-linux) is not in /usr/bin or /bin"));
        }
        Path nice = null;
        if (limits.priority() != 0) {
            nice = findTool("nice").orElseThrow(() -> new EnforcementException("worker '" + workerId
                    + "': cannot apply priority " + limits.priority() + ": nice (coreutils) is not in /usr/bin or /bin"));
        }
        WorkerCgroups cgroups = null;
        String degraded = null;
        if (config.cgroup() != CgroupMode.OFF) {
            try {
                if (!isLinux()) {
                    throw new EnforcementException("worker '" + workerId + "': cgroups need Linux, but this is "
                            + System.getProperty("os.name"));
                }
                cgroups = WorkerCgroups.create(workerId, limits, config);
            } catch (EnforcementException e) {
                if (config.cgroup() == CgroupMode.REQUIRED) {
                    throw e;
                }
                degraded = e.getMessage() + "; running with monitoring only";
                log.warn("{}", degraded);
            }
        }
        List<String> niceCommand = nice == null ? List.of() : List.of(nice.toString(), "-n", Integer.toString(limits.priority()));
        return new PreparedEnforcement(workerId, prlimit, rlimits, niceCommand, cgroups, degraded);
    }

    /** The {@code prlimit} options for {@code limits}: {@code --nofile=64:64} and so on (soft = hard). */
    public static List<String> rlimitArguments(ResourceLimits limits) {
        List<String> args = new ArrayList<>();
        addRlimit(args, "nofile", limits.limit(LimitKind.FILE_DESCRIPTORS));
        addRlimit(args, "nproc", limits.limit(LimitKind.PROCESSES));
        addRlimit(args, "as", limits.limit(LimitKind.MEMORY_VIRTUAL));
        addRlimit(args, "cpu", Math.ceil(limits.limit(LimitKind.CPU_TIME)));
        return List.copyOf(args);
    }

    private static void addRlimit(List<String> args, String name, double value) {
        if (value > 0) {
            long v = (long) value;
            args.add("--" + name + "=" + v + ":" + v);
        }
    }

    static Optional<Path> findTool(String name) {
        for (String dir : new String[] {"/usr/bin", "/bin", "/usr/sbin", "/sbin"}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static boolean isLinux() {
        return "Linux".equals(System.getProperty("os.name"));
    }
}
