package io.hsu.master.config;

/** What a dependency must reach before its dependent starts ({@code depends_on[].condition}). */
public enum DependencyCondition {
    /** The dependency is running. */
    STARTED,
    /** The dependency is running and its readiness (else liveness) check passes. */
    HEALTHY,
    /** The dependency exited on its own with a success code. */
    COMPLETED_SUCCESSFULLY
}
