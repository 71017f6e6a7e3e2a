package io.hsu.logs;

/**
 * What an output does when its bounded queue is full. Every dropped line is counted
 * ({@link OutputStats#linesDropped()}) and reported ({@link LogEvent.LinesDropped}).
 */
public enum OverflowPolicy {
    /** Lossless: stop reading the workers that feed this output until it drains (default for files). */
    BLOCK,
    /** Drop the oldest queued lines to make room (default for network outputs). */
    DROP_OLDEST,
    /** Drop the lines that do not fit. */
    DROP_NEWEST
}
