package io.hsu.logs;

import io.hsu.core.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How one worker's output is captured and where it goes ({@code <worker-log>} in the YAML).
 * Immutable and thread-safe; build with {@link #builder()}.
 *
 * <p>Filters apply to outputs, not to the in-memory tail: a line is written when it matches at
 * least one include pattern (if any are set), no exclude pattern, and is at or above the level
 * filter (a line without a detected level passes the level filter).
 */
public final class WorkerLogConfig {
    private final boolean enabled;
    private final boolean captureStdout;
    private final boolean captureStderr;
    private final long tailBytes;
    private final int tailMaxLines;
    private final boolean parseJson;
    private final boolean parseLogfmt;
    private final Optional<TimestampExtraction> timestampExtraction;
    private final boolean addMetadata;
    private final List<Pattern> includePatterns;
    private final List<Pattern> excludePatterns;
    private final Optional<LogLevel> levelFilter;
    private final List<AlertRule> alerts;
    private final List<OutputConfig> stdoutOutputs;
    private final List<OutputConfig> stderrOutputs;
    private final List<OutputConfig> forwarding;

    private WorkerLogConfig(Builder b) {
        enabled = b.enabled;
        captureStdout = b.captureStdout;
        captureStderr = b.captureStderr;
        tailBytes = b.tailBytes;
        tailMaxLines = b.tailMaxLines;
        parseJson = b.parseJson;
        parseLogfmt = b.parseLogfmt;
        timestampExtraction = b.timestampExtraction;
        addMetadata = b.addMetadata;
        includePatterns = List.copyOf(b.includePatterns);
        excludePatterns = List.copyOf(b.excludePatterns);
        levelFilter = b.levelFilter;
        alerts = List.copyOf(b.alerts);
        stdoutOutputs = List.copyOf(b.stdoutOutputs);
        stderrOutputs = List.copyOf(b.stderrOutputs);
        forwarding = List.copyOf(b.forwarding);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Both streams captured, a 1 MB tail, structured parsing on, forwarded to {@code master_stdout}. */
    public static WorkerLogConfig ofDefaults() {
        return builder().forwarding(List.of(OutputConfig.masterStdout())).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.captureStdout = captureStdout;
        b.captureStderr = captureStderr;
        b.tailBytes = tailBytes;
        b.tailMaxLines = tailMaxLines;
        b.parseJson = parseJson;
        b.parseLogfmt = parseLogfmt;
        b.timestampExtraction = timestampExtraction;
        b.addMetadata = addMetadata;
        b.includePatterns.addAll(includePatterns);
        b.excludePatterns.addAll(excludePatterns);
        b.levelFilter = levelFilter;
        b.alerts.addAll(alerts);
        b.stdoutOutputs.addAll(stdoutOutputs);
        b.stderrOutputs.addAll(stderrOutputs);
        b.forwarding.addAll(forwarding);
        return b;
    }

    public boolean enabled() { return enabled; }
    public boolean captureStdout() { return captureStdout; }
    public boolean captureStderr() { return captureStderr; }
    /** Bytes the in-memory tail keeps at most. */
    public long tailBytes() { return tailBytes; }
    /** Lines the in-memory tail keeps at most. */
    public int tailMaxLines() { return tailMaxLines; }
    public boolean parseJson() { return parseJson; }
    public boolean parseLogfmt() { return parseLogfmt; }
    /** Where records take their time from the line; empty: the time the line was read. */
    public Optional<TimestampExtraction> timestampExtraction() { return timestampExtraction; }
    public boolean addMetadata() { return addMetadata; }
    public List<Pattern> includePatterns() { return includePatterns; }
    public List<Pattern> excludePatterns() { return excludePatterns; }
    public Optional<LogLevel> levelFilter() { return levelFilter; }
    public List<AlertRule> alerts() { return alerts; }
    public List<OutputConfig> stdoutOutputs() { return stdoutOutputs; }
    public List<OutputConfig> stderrOutputs() { return stderrOutputs; }
    /** Outputs that receive both streams. */
    public List<OutputConfig> forwarding() { return forwarding; }

    /** True when lines must be looked at one by one (parsing, filters or alerts). */
    public boolean needsRecords() {
        return parseJson || parseLogfmt || timestampExtraction.isPresent() || !includePatterns.isEmpty() || !excludePatterns.isEmpty()
                || levelFilter.isPresent() || !alerts.isEmpty();
    }

    /** Not thread-safe; reusable after build(). */
    public static final class Builder {
        private boolean enabled = true;
        private boolean captureStdout = true;
        private boolean captureStderr = true;
        private long tailBytes = 1_000_000;
        private int tailMaxLines = 10_000;
        private boolean parseJson = true;
        private boolean parseLogfmt = true;
        private Optional<TimestampExtraction> timestampExtraction = Optional.empty();
        private boolean addMetadata = true;
        private final List<Pattern> includePatterns = new ArrayList<>();
        private final List<Pattern> excludePatterns = new ArrayList<>();
        private Optional<LogLevel> levelFilter = Optional.empty();
        private final List<AlertRule> alerts = new ArrayList<>();
        private final List<OutputConfig> stdoutOutputs = new ArrayList<>();
        private final List<OutputConfig> stderrOutputs = new ArrayList<>();
        private final List<OutputConfig> forwarding = new ArrayList<>();

        private Builder() {
        }

        public Builder enabled(boolean enabled) { this.enabled = enabled; return this; }
        public Builder captureStdout(boolean capture) { this.captureStdout = capture; return this; }
        public Builder captureStderr(boolean capture) { this.captureStderr = capture; return this; }

        public Builder tailBytes(long bytes) {
            Checks.argument(bytes >= 0, "tailBytes must be >= 0, but was %d", bytes);
            this.tailBytes = bytes;
            return this;
        }

        public Builder tailMaxLines(int lines) {
            Checks.argument(lines >= 0, "tailMaxLines must be >= 0, but was %d", lines);
            this.tailMaxLines = lines;
            return this;
        }

        /** Turns JSON-lines and logfmt parsing (and with it level detection) on or off together. */
        public Builder parseStructured(boolean parse) {
            this.parseJson = parse;
            this.parseLogfmt = parse;
            return this;
        }

        public Builder parseJson(boolean parse) { this.parseJson = parse; return this; }
        public Builder parseLogfmt(boolean parse) { this.parseLogfmt = parse; return this; }
        /** Takes each record's time from the line; {@code null} turns it off. */
        public Builder timestampExtraction(TimestampExtraction extraction) {
            this.timestampExtraction = Optional.ofNullable(extraction);
            return this;
        }
        public Builder addMetadata(boolean add) { this.addMetadata = add; return this; }

        /** @throws java.util.regex.PatternSyntaxException for an invalid regex */
        public Builder include(String regex) { includePatterns.add(Pattern.compile(regex)); return this; }

        /** @throws java.util.regex.PatternSyntaxException for an invalid regex */
        public Builder exclude(String regex) { excludePatterns.add(Pattern.compile(regex)); return this; }

        /** Removes the include and exclude patterns. */
        public Builder clearFilters() {
            includePatterns.clear();
            excludePatterns.clear();
            return this;
        }

        public Builder clearAlerts() {
            alerts.clear();
            return this;
        }

        public Builder levelFilter(LogLevel level) { this.levelFilter = Optional.ofNullable(level); return this; }
        public Builder alert(AlertRule rule) { alerts.add(Checks.notNull(rule, "rule")); return this; }

        public Builder stdoutOutputs(List<OutputConfig> outputs) {
            stdoutOutputs.clear();
            stdoutOutputs.addAll(outputs);
            return this;
        }

        public Builder stderrOutputs(List<OutputConfig> outputs) {
            stderrOutputs.clear();
            stderrOutputs.addAll(outputs);
            return this;
        }

        public Builder forwarding(List<OutputConfig> outputs) {
            forwarding.clear();
            forwarding.addAll(outputs);
            return this;
        }

        public WorkerLogConfig build() {
            return new WorkerLogConfig(this);
        }
    }
}
