package io.hsu.resources;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which processes a sample covers: a leader pid and a {@link SamplingScope}; with a cgroup, the
 * tree is the cgroup's {@code cgroup.procs} (which also catches daemonized descendants).
 *
 * @param pid the worker's leader process, > 0
 * @param scope leader only or the whole tree
 * @param cgroupProcs the worker cgroup's {@code cgroup.procs} file, if it has one
 */
public record SampleTarget(long pid, SamplingScope scope, Optional<Path> cgroupProcs) {
    /** @throws IllegalArgumentException if {@code pid <= 0} */
    public SampleTarget {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be > 0, but was " + pid);
        }
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(cgroupProcs, "cgroupProcs must not be null");
    }

    /** The whole tree below {@code pid}, found through parent links. */
    public static SampleTarget tree(long pid) {
        return new SampleTarget(pid, SamplingScope.TREE, Optional.empty());
    }

    /** {@code pid} alone. */
    public static SampleTarget leader(long pid) {
        return new SampleTarget(pid, SamplingScope.LEADER, Optional.empty());
    }
}
