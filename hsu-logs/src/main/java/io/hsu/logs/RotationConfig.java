package io.hsu.logs;

import java.time.Duration;
import java.util.Objects;

/**
 * When a file output rotates and what it keeps. Immutable and thread-safe.
 *
 * @param maxSize rotate before the file would pass this many bytes
 * @param maxFiles rotated files kept (compressed or not); older ones are deleted
 * @param maxAge rotate a file this old (by when it was opened); zero means never by age
 * @param compress gzip rotated files on a background thread
 */
public record RotationConfig(long maxSize, int maxFiles, Duration maxAge, boolean compress) {
    /** 50 MB x 10, 7 days, compressed: an unconfigured worker cannot fill a disk. */
    public static final RotationConfig DEFAULTS = new RotationConfig(50_000_000L, 10, Duration.ofDays(7), true);

    /**
     * @throws IllegalArgumentException if {@code maxSize < 1}, {@code maxFiles < 0} or {@code maxAge} is negative
     */
    public RotationConfig {
        Objects.requireNonNull(maxAge, "maxAge must not be null");
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be >= 1, but was " + maxSize);
        }
        if (maxFiles < 0) {
            throw new IllegalArgumentException("maxFiles must be >= 0, but was " + maxFiles);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, but was " + maxAge);
        }
    }
}
