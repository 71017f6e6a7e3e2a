package io.hsu.logs;

/**
 * Counters of one output at one moment. Immutable.
 *
 * @param name the output's name ({@code file:/var/log/hsu/web-1-stdout.log}, {@code syslog:udp://...})
 * @param linesWritten lines the output accepted
 * @param bytesWritten bytes handed to the output (before compression)
 * @param linesDropped lines dropped by its overflow policy or because a worker closed while it was stuck
 * @param queuedBytes bytes waiting in its queue now
 * @param failing true while the output is in a failure episode (retrying)
 */
public record OutputStats(String name, long linesWritten, long bytesWritten, long linesDropped, long queuedBytes,
                          boolean failing) {
}
