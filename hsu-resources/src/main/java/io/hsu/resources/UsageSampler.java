package io.hsu.resources;

import io.hsu.resources.internal.linux.ProcSampler;
import io.hsu.resources.internal.oshi.OshiSampler;

/**
 * Reads the usage of a process or a process tree. On Linux {@link #forCurrentPlatform()} reads
 * {@code /proc} directly (tens of microseconds a process); elsewhere it goes through OSHI, which is
 * slower and untested by HSU.
 *
 * <p>Implementations are thread-safe; nothing to close.
 */
public interface UsageSampler {

    /**
     * The counters of {@code target} now. A process that vanishes while being read is left out;
     * when the leader is gone the result is {@link RawUsage#NONE}. Never throws for a missing process.
     */
    RawUsage sample(SampleTarget target);

    /** The pids {@code target} covers now, leader first (empty when the leader is gone). */
    long[] pids(SampleTarget target);

    /** The /proc reader on Linux, OSHI elsewhere. */
    static UsageSampler forCurrentPlatform() {
        return ProcSampler.isAvailable() ? new ProcSampler() : new OshiSampler();
    }

    /** The OSHI reader, on any platform (on Linux for comparison only). */
    static UsageSampler oshi() {
        return new OshiSampler();
    }
}
