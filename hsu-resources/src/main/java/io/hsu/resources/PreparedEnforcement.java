package io.hsu.resources;

import io.hsu.core.WorkerId;
import io.hsu.resources.internal.linux.WorkerCgroups;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A worker's OS enforcement, ready before launch and used after it: the launch chain pieces
 * ({@link #rlimitArguments()}, {@link #cgroupProcsFiles()}, {@link #joinCgroupsScript()}, or all of
 * it in {@link #wrap(List)}), then the cgroup operations ({@link #kill()}, {@link #isOomKilled()},
 * {@link #pids()}, {@link #cpuThrottle()}).
 *
 * <p>Thread-safe. Lifecycle: whoever called {@link Enforcement#prepare} owns it and calls
 * {@link #close()} once the worker's processes are gone (close kills any that are left, then
 * removes the cgroups). After a restart, prepare again.
 */
public final class PreparedEnforcement implements AutoCloseable {
    private final WorkerId workerId;
    private final Path prlimit;
    private final List<String> rlimitArguments;
    private final WorkerCgroups cgroups;   // null without a cgroup
    private final String degradedReason;   // null unless cgroup: auto fell back

    PreparedEnforcement(WorkerId workerId, Path prlimit, List<String> rlimitArguments, WorkerCgroups cgroups,
                        String degradedReason) {
        this.workerId = workerId;
        this.prlimit = prlimit;
        this.rlimitArguments = rlimitArguments;
        this.cgroups = cgroups;
        this.degradedReason = degradedReason;
    }

    public WorkerId workerId() {
        return workerId;
    }

    /** The {@code prlimit} options, such as {@code [--nofile=64:64]}; empty when there are none. */
    public List<String> rlimitArguments() {
        return rlimitArguments;
    }

    /** Whether the worker has cgroups. */
    public boolean hasCgroup() {
        return cgroups != null;
    }

    /** The {@code cgroup.procs} files the child must join (v2 first); empty without a cgroup. */
    public List<Path> cgroupProcsFiles() {
        return cgroups == null ? List.of() : cgroups.procsFiles();
    }

    /** The worker's cgroup directories; empty without a cgroup. */
    public List<Path> cgroupDirectories() {
        return cgroups == null ? List.of() : cgroups.directories();
    }

    /**
     * The shell commands that move the shell into the worker's cgroups, for the {@code sh -c} step
     * of the launch chain: {@code echo $$ > '/sys/fs/cgroup/unified/hsu/web/cgroup.procs' && ...};
     * empty without a cgroup.
     */
    public String joinCgroupsScript() {
        StringBuilder s = new StringBuilder();
        for (Path procs : cgroupProcsFiles()) {
            if (s.length() > 0) {
                s.append(" && ");
            }
            s.append("echo $$ > ").append(shellQuote(procs.toString()));
        }
        return s.toString();
    }

    /**
     * The whole chain for a command that needs nothing else between fork and exec:
     * {@code prlimit --nofile=64:64 -- sh -c 'echo $$ > CG/cgroup.procs && exec "$0" "$@"' cmd args};
     * {@code command} itself when there is nothing to apply. The pid started is the worker's.
     */
    public List<String> wrap(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        List<String> chain = new ArrayList<>();
        if (!rlimitArguments.isEmpty()) {
            chain.add(prlimit.toString());
            chain.addAll(rlimitArguments);
            chain.add("--");
        }
        String join = joinCgroupsScript();
        if (!join.isEmpty()) {
            chain.add("/bin/sh");
            chain.add("-c");
            chain.add(join + " && exec \"$0\" \"$@\"");
        }
        chain.addAll(command);
        return List.copyOf(chain);
    }

    /** Why {@code cgroup: auto} runs without a cgroup (publish it as {@link EnforcementDegraded}). */
    public Optional<String> degradedReason() {
        return Optional.ofNullable(degradedReason);
    }

    /** What to sample for the worker led by {@code pid}: its cgroup's processes when it has one. */
    public SampleTarget sampleTarget(long pid, SamplingScope scope) {
        return new SampleTarget(pid, scope, cgroups == null || scope == SamplingScope.LEADER
                ? Optional.empty() : Optional.of(cgroups.samplingProcs()));
    }

    /** The pids in the worker's cgroup now; empty without a cgroup. */
    public long[] pids() {
        return cgroups == null ? new long[0] : cgroups.pids();
    }

    /**
     * SIGKILLs every process of the cgroup ({@code cgroup.kill} where v2 offers it).
     *
     * @return true if there was a process to kill; false also without a cgroup
     */
    public boolean kill() {
        return cgroups != null && cgroups.kill();
    }

    /** Whether the OOM killer killed a process of the worker's cgroup: the exit reason "oom-killed". */
    public boolean isOomKilled() {
        return cgroups != null && cgroups.isOomKilled();
    }

    /** A CPU quota throttle, when the cgroup has the cpu controller; the caller closes it. */
    public Optional<CpuThrottle> cpuThrottle() {
        return cgroups == null ? Optional.empty() : cgroups.cpuThrottle();
    }

    /** Kills what is left in the cgroups and removes them. Idempotent. */
    @Override
    public void close() {
        if (cgroups != null) {
            cgroups.close();
        }
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return "PreparedEnforcement[" + workerId + ", rlimits=" + rlimitArguments + ", cgroups=" + cgroupDirectories()
                + (degradedReason == null ? "" : ", degraded") + "]";
    }
}
