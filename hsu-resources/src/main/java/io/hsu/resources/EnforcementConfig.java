package io.hsu.resources;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How limits are enforced by the operating system ({@code limits.enforcement}).
 *
 * @param cgroup whether the worker gets a cgroup
 * @param cgroupParent where worker cgroups go, in each hierarchy: a relative name ({@code hsu}) is
 *     below the cgroup HSU itself runs in (delegation-friendly, and the worker stays inside HSU's own
 *     limits); an absolute one ({@code /hsu}) is below the hierarchy's root
 * @param rlimits whether rlimits (nofile, nproc, as, cpu) are set on the child through prlimit
 * @param cgroupRoot the cgroup file system mount, {@code /sys/fs/cgroup}; other values are for tests
 */
public record EnforcementConfig(CgroupMode cgroup, String cgroupParent, boolean rlimits, Path cgroupRoot) {
    /** CONFIG.md's defaults: cgroup auto under {@code hsu}, rlimits on. */
    public static final EnforcementConfig DEFAULT =
            new EnforcementConfig(CgroupMode.AUTO, "hsu", true, Path.of("/sys/fs/cgroup"));

    /** @throws IllegalArgumentException if {@code cgroupParent} is empty or holds {@code ..} */
    public EnforcementConfig {
        Objects.requireNonNull(cgroup, "cgroup must not be null");
        Objects.requireNonNull(cgroupParent, "cgroupParent must not be null");
        Objects.requireNonNull(cgroupRoot, "cgroupRoot must not be null");
        String p = cgroupParent.startsWith("/") ? cgroupParent.substring(1) : cgroupParent;
        if (p.isEmpty()) {
            throw new IllegalArgumentException("cgroupParent must name a cgroup, but was '" + cgroupParent + "'");
        }
        for (String part : p.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("cgroupParent must be a plain path without '.', '..' or '//', but was '"
                        + cgroupParent + "'");
            }
        }
    }

    /** This config with another cgroup mode. */
    public EnforcementConfig withCgroup(CgroupMode mode) {
        return new EnforcementConfig(mode, cgroupParent, rlimits, cgroupRoot);
    }

    /** This config with another parent. */
    public EnforcementConfig withCgroupParent(String parent) {
        return new EnforcementConfig(cgroup, parent, rlimits, cgroupRoot);
    }
}
