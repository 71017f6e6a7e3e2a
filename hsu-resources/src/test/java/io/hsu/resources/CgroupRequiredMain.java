package io.hsu.resources;

import io.hsu.core.WorkerId;

/**
 * Fixture run as an unprivileged user: prepares a worker's cgroup with {@code cgroup: required}
 * under the parent in its argument and prints what the user would read.
 */
final class CgroupRequiredMain {
    private CgroupRequiredMain() {
    }

    public static void main(String[] args) {
        EnforcementConfig required = EnforcementConfig.DEFAULT.withCgroup(CgroupMode.REQUIRED).withCgroupParent(args[0]);
        try (PreparedEnforcement e = Enforcement.prepare(WorkerId.of("web"), ResourceLimits.NONE, required)) {
            System.out.println("prepared " + e.cgroupDirectories());
        } catch (EnforcementException e) {
            System.out.println(e.kind() + ": " + e.getMessage());
        }
    }
}
