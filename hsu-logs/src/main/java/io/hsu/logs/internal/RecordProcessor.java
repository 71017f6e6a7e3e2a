package io.hsu.logs.internal;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.logs.AlertRule;
import io.hsu.logs.LogEvent;
import io.hsu.logs.LogLevel;
import io.hsu.logs.LogRecord;
import io.hsu.logs.TimestampExtraction;
import io.hsu.logs.WorkerLogConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses (JSON lines, logfmt, timestamps), detects levels, raises alerts and filters the lines of one worker. */
final class RecordProcessor {
    private static final Pattern TEXT_LEVEL = Pattern.compile(
            "\\b(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|PANIC|trace|debug|info|warn|warning|error|fatal)\\b");
    private static final int TEXT_LEVEL_WINDOW = 80;
    private static final String[] LEVEL_KEYS = {"level", "lvl", "severity", "loglevel", "log.level"};

    private final WorkerId worker;
    private final WorkerLogConfig config;
    private final Scheduler scheduler;
    private final EventPublisher<LogEvent> events;
    private final AtomicLong eventSequence;
    private final long[] alertLastNanos;
    private final long[] alertSuppressed;
    private final boolean[] alertEverRaised;

    RecordProcessor(WorkerId worker, WorkerLogConfig config, Scheduler scheduler, EventPublisher<LogEvent> events,
                    AtomicLong eventSequence) {
        this.worker = worker;
        this.config = config;
        this.scheduler = scheduler;
        this.events = events;
        this.eventSequence = eventSequence;
        this.alertLastNanos = new long[config.alerts().size()];
        this.alertSuppressed = new long[config.alerts().size()];
        this.alertEverRaised = new boolean[config.alerts().size()];
    }

    /** Parses, raises alerts and returns the records that pass the filters. Not thread-safe (one caller per stream order). */
    synchronized List<LogRecord> process(LogBatch batch) {
        List<LogRecord> kept = new ArrayList<>(batch.lineCount);
        boolean json = config.parseJson();
        boolean logfmt = config.parseLogfmt();
        TimestampExtraction timestamps = config.timestampExtraction().orElse(null);
        batch.forEachLine((index, start, end) -> {
            String message = new String(batch.data, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
            Map<String, Object> fields = fields(message, json, logfmt);
            Instant time = timestamps == null ? batch.time : timestamps.extract(message, fields).orElse(batch.time);
            LogRecord r = new LogRecord(time, batch.worker, batch.stream, batch.pid, batch.firstSequence + index,
                    batch.firstLineNumber + index, message, level(message, fields), fields, batch.isContinued(index));
            alerts(r);
            if (passes(r)) {
                kept.add(r);
            }
        });
        return kept;
    }

    private void alerts(LogRecord r) {
        List<AlertRule> rules = config.alerts();
        for (int k = 0; k < rules.size(); k++) {
            AlertRule rule = rules.get(k);
            if (!rule.pattern().matcher(r.message()).find()) {
                continue;
            }
            long now = scheduler.nanoTime();
            if (alertEverRaised[k] && now - alertLastNanos[k] < rule.rateLimit().toNanos()) {
                alertSuppressed[k]++;
                continue;
            }
            alertEverRaised[k] = true;
            alertLastNanos[k] = now;
            long suppressed = alertSuppressed[k];
            alertSuppressed[k] = 0;
            events.publish(new LogEvent.AlertRaised(worker, scheduler.now(), eventSequence.incrementAndGet(),
                    rule.pattern().pattern(), r.message(), r.stream(), suppressed));
        }
    }

    private boolean passes(LogRecord r) {
        if (!config.includePatterns().isEmpty()) {
            boolean any = false;
            for (Pattern p : config.includePatterns()) {
                if (p.matcher(r.message()).find()) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        for (Pattern p : config.excludePatterns()) {
            if (p.matcher(r.message()).find()) {
                return false;
            }
        }
        if (config.levelFilter().isPresent() && r.level().isPresent()) {
            return r.level().get().compareTo(config.levelFilter().get()) >= 0;
        }
        return true;
    }

    /**
     * {@code raw} with fields from JSON or logfmt (when enabled), a detected level and, when
     * {@code timestamps} is not null, the time written in the line.
     */
    static LogRecord parse(LogRecord raw, boolean json, boolean logfmt, TimestampExtraction timestamps) {
        Map<String, Object> fields = fields(raw.message(), json, logfmt);
        LogRecord parsed = raw.withParsed(level(raw.message(), fields), fields);
        if (timestamps == null) {
            return parsed;
        }
        Optional<Instant> time = timestamps.extract(raw.message(), fields);
        return time.isEmpty() ? parsed : new LogRecord(time.get(), parsed.worker(), parsed.stream(), parsed.pid(),
                parsed.sequence(), parsed.lineNumber(), parsed.message(), parsed.level(), parsed.fields(), parsed.continued());
    }

    /** The fields of a JSON or logfmt line (nulls removed), or an empty map. */
    static Map<String, Object> fields(String m, boolean json, boolean logfmt) {
        Map<String, Object> fields = null;
        if (json && !m.isEmpty() && m.charAt(0) == '{') {
            fields = Json.parseObject(m);
        }
        if (fields == null && logfmt && m.indexOf('=') > 0) {
            fields = Logfmt.parse(m);
        }
        return fields == null ? Map.of() : withoutNulls(fields);
    }

    static Optional<LogLevel> level(String message, Map<String, Object> fields) {
        Optional<LogLevel> level = fields.isEmpty() ? Optional.empty() : levelOf(fields);
        return level.isPresent() ? level : textLevel(message);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> fields) {
        if (!fields.containsValue(null)) {
            return fields;
        }
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.values().removeIf(v -> v == null);
        return copy;
    }

    static Optional<LogLevel> levelOf(Map<String, Object> fields) {
        for (String key : LEVEL_KEYS) {
            Object v = fields.get(key);
            if (v instanceof String) {
                Optional<LogLevel> l = LogLevel.parse((String) v);
                if (l.isPresent()) {
                    return l;
                }
            } else if (v instanceof Number) {
                int n = ((Number) v).intValue();   // bunyan and pino numbers
                if (n >= 10 && n <= 60) {
                    return Optional.of(LogLevel.values()[Math.min(5, n / 10 - 1)]);
                }
            }
        }
        return Optional.empty();
    }

    static Optional<LogLevel> textLevel(String message) {
        Matcher matcher = TEXT_LEVEL.matcher(message);
        matcher.region(0, Math.min(message.length(), TEXT_LEVEL_WINDOW));
        return matcher.find() ? LogLevel.parse(matcher.group(1)) : Optional.empty();
    }
}
