package io.hsu.resources.internal.linux;

import io.hsu.resources.CpuThrottle;
import java.nio.file.Path;

/** CPU quota in a cgroup: v2 {@code cpu.max}, v1 {@code cpu.cfs_quota_us} over a 100 ms period. */
final class CgroupCpuThrottle implements CpuThrottle {
    private static final long PERIOD_US = 100_000;

    private final Path dir;
    private final boolean v2;
    private volatile double applied;

    CgroupCpuThrottle(Path dir, boolean v2) {
        this.dir = dir;
        this.v2 = v2;
    }

    @Override
    public void apply(double percent) {
        if (!(percent > 0)) {
            throw new IllegalArgumentException("percent must be > 0, but was " + percent);
        }
        long quota = Math.max(1000, Math.round(PERIOD_US * percent / 100.0));
        if (v2) {
            WorkerCgroups.write(dir.resolve("cpu.max"), quota + " " + PERIOD_US);
        } else {
            WorkerCgroups.write(dir.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
            WorkerCgroups.write(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        }
        applied = percent;
    }

    @Override
    public double appliedPercent() {
        return applied;
    }

    @Override
    public String mechanism() {
        return v2 ? "cgroup v2 cpu.max" : "cgroup v1 cpu.cfs_quota_us";
    }

    @Override
    public void close() {
        if (applied == 0) {
            return;
        }
        applied = 0;
        try {
            if (v2) {
                WorkerCgroups.write(dir.resolve("cpu.max"), "max " + PERIOD_US);
            } else {
                WorkerCgroups.write(dir.resolve("cpu.cfs_quota_us"), "-1");
            }
        } catch (RuntimeException e) {
            // the cgroup is already gone with its worker: nothing to release
        }
    }
}
