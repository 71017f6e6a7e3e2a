package io.hsu.resources;

/**
 * Holds a worker's CPU under a percentage (of one core): a cgroup CPU quota where the worker has a
 * cgroup with the cpu controller, else SIGSTOP/SIGCONT duty cycling of its process group.
 *
 * <p>Thread-safe. The owner (the {@link ResourceMonitor} that applied it, or whoever made it)
 * closes it; closing releases the throttle and never leaves a process stopped.
 */
public interface CpuThrottle extends AutoCloseable {

    /**
     * Limits the worker to {@code percent} of one core from now on (replacing an earlier limit).
     *
     * @throws IllegalArgumentException if {@code percent <= 0}
     */
    void apply(double percent);

    /** The percent applied, or 0 when not throttling. */
    double appliedPercent();

    /** How the throttle works, for logs: {@code "cgroup v1 cpu.cfs_quota_us"}, {@code "SIGSTOP/SIGCONT"}. */
    String mechanism();

    /** Removes the limit (idempotent). */
    @Override
    void close();
}
