package io.hsu.logs;

/**
 * What an output does when its bounded queue is full. Every dropped line is counted
 * ({@link OutputStats#linesDropped()}) and reported ({@link LogEvent.LinesDropped}).
 */
public enum OverflowPolicy {
    /**
     * Lossless: stop reading the workers that feed this output until it drains (default for files
     * and the console outputs). Also across a crash of the reading process: a FIFO's bytes are
     * removed from it only after every {@code block} output's write of the lines built from them
     * returned, so a reader started after a SIGKILL gets them again (at-least-once: the lines
     * written but not yet removed at the kill instant appear twice). A partial line longer than the
     * FIFO's capacity (1 MiB) is the exception: it waits in memory for its end.
     */
    BLOCK,
    /** Drop the oldest queued lines to make room (default for network outputs). */
    DROP_OLDEST,
    /** Drop the lines that do not fit. */
    DROP_NEWEST
}
