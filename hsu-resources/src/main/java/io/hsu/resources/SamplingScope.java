package io.hsu.resources;

/** Whose usage counts as the worker's. */
public enum SamplingScope {
    /** The worker's leader process and all its descendants (or every process of its cgroup). */
    TREE,
    /** The leader process only. */
    LEADER
}
