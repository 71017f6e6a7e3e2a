package io.hsu.resources;

import java.time.Duration;
import java.util.Objects;

/**
 * How a worker's usage is watched ({@code limits.monitoring}).
 *
 * @param enabled false: no sampling, no events (OS enforcement still applies)
 * @param interval time between samples, at least 10 ms
 * @param historyRetention how far back the history ring reaches; it holds
 *     {@code historyRetention / interval} samples, at most {@link #MAX_HISTORY_SAMPLES}
 * @param alertingEnabled false: violations still decide and act, but warnings are not published
 * @param scope the whole process tree or the leader only
 */
public record MonitoringConfig(boolean enabled, Duration interval, Duration historyRetention, boolean alertingEnabled,
                               SamplingScope scope) {
    /** The history ring never holds more samples than this, whatever the retention says. */
    public static final int MAX_HISTORY_SAMPLES = 100_000;
    /** CONFIG.md's defaults: enabled, every 30 s, 24 h of history, alerting on, whole tree. */
    public static final MonitoringConfig DEFAULT =
            new MonitoringConfig(true, Duration.ofSeconds(30), Duration.ofHours(24), true, SamplingScope.TREE);

    /** @throws IllegalArgumentException naming the first invalid value */
    public MonitoringConfig {
        Objects.requireNonNull(interval, "interval must not be null");
        Objects.requireNonNull(historyRetention, "historyRetention must not be null");
        Objects.requireNonNull(scope, "scope must not be null");
        if (interval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("interval must be >= 10ms, but was " + interval);
        }
        if (historyRetention.isNegative()) {
            throw new IllegalArgumentException("historyRetention must not be negative, but was " + historyRetention);
        }
    }

    /** How many samples the history ring keeps: at least 1. */
    public int historySamples() {
        long n = historyRetention.toNanos() / interval.toNanos();
        return (int) Math.max(1, Math.min(MAX_HISTORY_SAMPLES, n));
    }

    /** This config with another interval. */
    public MonitoringConfig withInterval(Duration newInterval) {
        return new MonitoringConfig(enabled, newInterval, historyRetention, alertingEnabled, scope);
    }
}
