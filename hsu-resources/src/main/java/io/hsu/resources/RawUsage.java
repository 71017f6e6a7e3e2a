package io.hsu.resources;

/**
 * Cumulative counters and gauges of a set of processes at one moment, as a {@link UsageSampler}
 * reads them. Rates come from two of these; see {@link ResourceUsage}. Immutable.
 *
 * @param rssBytes resident memory, summed over the processes
 * @param virtualBytes virtual memory, summed
 * @param swapBytes swapped-out memory, summed (0 where the platform does not say)
 * @param cpuTimeNanos user + system CPU time of the live processes, summed
 * @param threads threads, summed
 * @param processes how many processes were read
 * @param openFileDescriptors open descriptors, summed (-1 where unknown)
 * @param readBytes bytes read from storage, summed (-1 where unknown)
 * @param writeBytes bytes written to storage, summed (-1 where unknown)
 * @param readOps read calls, summed (-1 where unknown)
 * @param writeOps write calls, summed (-1 where unknown)
 */
public record RawUsage(long rssBytes, long virtualBytes, long swapBytes, long cpuTimeNanos, int threads,
                       int processes, int openFileDescriptors, long readBytes, long writeBytes, long readOps,
                       long writeOps) {
    /** Nothing: the process is gone. */
    public static final RawUsage NONE = new RawUsage(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
