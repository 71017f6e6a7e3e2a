package io.hsu.health;

import java.util.OptionalLong;

/**
 * What the probes check on: the worker's process, for the {@code process} check. Process control
 * supplies the pid of the current process and, when it knows it, the start time it recorded
 * (clock ticks since boot, as in {@code /proc/<pid>/stat} field 22), so a recycled pid is caught
 * even if it was recycled before the first check.
 *
 * <p>Implementations must be thread-safe and must not block: checks call them from any thread.
 */
public interface ProbeTarget {
    /** A target without a process: the {@code process} check is always unhealthy on it. */
    ProbeTarget NONE = OptionalLong::empty;

    /** The pid of the worker's process now, or empty when it has none. */
    OptionalLong pid();

    /** The start time of {@link #pid()} in clock ticks since boot, when known. */
    default OptionalLong startTimeTicks() {
        return OptionalLong.empty();
    }

    /** A target for a fixed pid whose start time is learnt at the first check. */
    static ProbeTarget ofPid(long pid) {
        return () -> OptionalLong.of(pid);
    }
}
