package io.hsu.master.config;

import io.hsu.core.ByteSize;
import java.time.Duration;
import java.util.Objects;

/**
 * One place a worker's output goes ({@code <output>} in CONFIG.md).
 *
 * <p>Immutable and thread-safe.
 *
 * @param type file, stdout, stderr, master_stdout, syslog, elasticsearch or http
 * @param path for files: the path pattern ({@code {worker_id}}, {@code {stream}}, {@code {date}} expand), else ""
 * @param format plain, enhanced_plain, json or structured_json
 * @param prefix text put in front of each line, or ""
 * @param rotation for files: when to rotate and what to keep
 */
public record LogOutput(String type, String path, String format, String prefix, Rotation rotation) {
    /** @throws NullPointerException if an argument is null */
    public LogOutput {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(format, "format must not be null");
        Objects.requireNonNull(prefix, "prefix must not be null");
        Objects.requireNonNull(rotation, "rotation must not be null");
    }

    /** The master's standard output, prefixed with the worker id (what {@code hsu run} does by default). */
    public static LogOutput masterStdout() {
        return new LogOutput("master_stdout", "", "plain", "", Rotation.DEFAULTS);
    }

    /**
     * File rotation: rotate when the file reaches {@code maxSize} or {@code maxAge}, keep
     * {@code maxFiles} rotated files, gzip them when {@code compress}.
     *
     * @param maxSize size that triggers a rotation
     * @param maxFiles rotated files kept (>= 1)
     * @param maxAge age that triggers a rotation
     * @param compress whether rotated files are gzipped
     */
    public record Rotation(ByteSize maxSize, int maxFiles, Duration maxAge, boolean compress) {
        /** 50MB, 10 files, 7 days, compressed. */
        public static final Rotation DEFAULTS = new Rotation(ByteSize.parse("50MB"), 10, Duration.ofDays(7), true);

        /** @throws IllegalArgumentException when maxFiles is below 1 */
        public Rotation {
            Objects.requireNonNull(maxSize, "maxSize must not be null");
            Objects.requireNonNull(maxAge, "maxAge must not be null");
            if (maxFiles < 1) {
                throw new IllegalArgumentException("maxFiles must be >= 1, but was " + maxFiles);
            }
        }
    }
}
