package io.hsu.resources;

import java.time.Instant;

/**
 * One sample of a worker's usage: the counters of {@link RawUsage} plus rates computed from the
 * previous sample (CPU percent, disk bytes and calls per second; 0 for the first sample).
 * Immutable and thread-safe.
 *
 * @param at when the sample was taken
 * @param rssBytes resident memory
 * @param virtualBytes virtual memory
 * @param swapBytes swapped-out memory
 * @param cpuPercent CPU since the previous sample, in percent of one core (200 = two cores busy)
 * @param cpuTimeNanos cumulative CPU time of the live processes
 * @param threads threads
 * @param processes processes
 * @param openFileDescriptors open file descriptors
 * @param readBytes cumulative bytes read from storage
 * @param writeBytes cumulative bytes written to storage
 * @param readBytesPerSecond read rate since the previous sample
 * @param writeBytesPerSecond write rate since the previous sample
 * @param readOpsPerSecond read calls per second since the previous sample
 * @param writeOpsPerSecond write calls per second since the previous sample
 */
public record ResourceUsage(Instant at, long rssBytes, long virtualBytes, long swapBytes, double cpuPercent,
                            long cpuTimeNanos, int threads, int processes, int openFileDescriptors,
                            long readBytes, long writeBytes, double readBytesPerSecond,
                            double writeBytesPerSecond, double readOpsPerSecond, double writeOpsPerSecond) {

    /**
     * The usage at {@code at} from {@code now}, with rates against {@code previous} taken
     * {@code elapsedNanos} earlier (null previous or no elapsed time: rates are 0). A counter that
     * went down (a child exited and took its counts along) gives a rate of 0, not a negative one.
     */
    public static ResourceUsage of(Instant at, RawUsage now, RawUsage previous, long elapsedNanos) {
        boolean rates = previous != null && elapsedNanos > 0;
        double seconds = elapsedNanos / 1e9;
        double cpu = rates ? 100.0 * Math.max(0, now.cpuTimeNanos() - previous.cpuTimeNanos()) / elapsedNanos : 0;
        return new ResourceUsage(at, now.rssBytes(), now.virtualBytes(), now.swapBytes(), cpu, now.cpuTimeNanos(),
                now.threads(), now.processes(), now.openFileDescriptors(), now.readBytes(), now.writeBytes(),
                rates ? rate(now.readBytes(), previous.readBytes(), seconds) : 0,
                rates ? rate(now.writeBytes(), previous.writeBytes(), seconds) : 0,
                rates ? rate(now.readOps(), previous.readOps(), seconds) : 0,
                rates ? rate(now.writeOps(), previous.writeOps(), seconds) : 0);
    }

    private static double rate(long now, long before, double seconds) {
        if (now < 0 || before < 0) {
            return 0;
        }
        return Math.max(0, now - before) / seconds;
    }
}
