package io.hsu.logs.internal;

import io.hsu.core.WorkerId;
import io.hsu.logs.LogFormat;
import io.hsu.logs.LogLevel;
import io.hsu.logs.LogQuery;
import io.hsu.logs.LogRecord;
import io.hsu.logs.LogStream;
import io.hsu.logs.OutputConfig;
import io.hsu.logs.OutputType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/*
 * Search reads the worker's file outputs (rotated files oldest first, gzipped or not, then the
 * current file) and then the in-memory tail for lines newer than the files hold. Lines of json and
 * structured_json files carry their time, stream, level and sequence; enhanced_plain lines their
 * time, stream and level; plain lines only the text, so they are stamped with their file's
 * modification time and the output's stream (stdout for forwarding outputs), which makes time
 * ranges over plain files approximate.
 */
/** Searches a worker's rotated files and in-memory tail. */
final class LogSearch {
    private LogSearch() {
    }

    static List<LogRecord> search(PipelineCore core, WorkerPipeline p, LogQuery query) {
        ArrayDeque<LogRecord> found = new ArrayDeque<>();
        long newestSequence = -1;
        Instant newestTime = Instant.MIN;
        List<String> seen = new ArrayList<>();
        for (LogStream stream : LogStream.values()) {
            List<OutputConfig> configs = new ArrayList<>(stream == LogStream.STDOUT ? p.config.stdoutOutputs() : p.config.stderrOutputs());
            configs.addAll(p.config.forwarding());
            for (OutputConfig oc : configs) {
                if (oc.type() != OutputType.FILE) {
                    continue;
                }
                String template = core.filePath(oc, p.worker, stream);
                if (seen.contains(template)) {
                    continue;
                }
                seen.add(template);
                Path current = Path.of(template.replace("{date}", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd")
                        .withZone(java.time.ZoneOffset.UTC).format(Instant.now())));
                List<Path> files;
                try {
                    files = new ArrayList<>(RotatingFileSink.rotatedFiles(current));
                } catch (IOException e) {
                    files = new ArrayList<>();
                }
                if (Files.exists(current)) {
                    files.add(current);
                }
                boolean boundToStream = !p.config.forwarding().contains(oc);
                for (Path f : files) {
                    for (LogRecord r : readFile(f, oc.format(), p.worker, boundToStream ? stream : LogStream.STDOUT)) {
                        newestSequence = Math.max(newestSequence, r.sequence());
                        if (r.time().isAfter(newestTime)) {
                            newestTime = r.time();
                        }
                        add(found, r, query);
                    }
                }
            }
        }
        for (LogRecord r : p.tail.records()) {
            boolean inFiles = newestSequence >= 0 ? r.sequence() <= newestSequence : !r.time().isAfter(newestTime);
            if (!inFiles) {
                add(found, r, query);
            }
        }
        return List.copyOf(found);
    }

    private static void add(ArrayDeque<LogRecord> found, LogRecord r, LogQuery query) {
        if (query.matches(r)) {
            found.addLast(r);
            if (found.size() > query.limit()) {
                found.pollFirst();
            }
        }
    }

    private static List<LogRecord> readFile(Path f, LogFormat format, WorkerId worker, LogStream stream) {
        List<LogRecord> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(f);
             InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Instant mtime = Files.getLastModifiedTime(f).toInstant();
            long n = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                n++;
                LogRecord r = parseLine(line, format, worker, stream, mtime, n);
                if (r != null) {
                    out.add(r);
                }
            }
        } catch (IOException e) {
            // a file rotated or deleted while searching: skip it
        }
        return out;
    }

    static LogRecord parseLine(String line, LogFormat format, WorkerId worker, LogStream stream, Instant mtime, long n) {
        switch (format) {
            case JSON:
            case STRUCTURED_JSON: {
                Map<String, Object> m = Json.parseObject(line);
                if (m == null) {
                    return null;
                }
                Instant time = parseTime(m.get("time"), mtime);
                LogStream s = "stderr".equals(m.get("stream")) ? LogStream.STDERR : LogStream.STDOUT;
                Optional<LogLevel> level = m.get("level") instanceof String ? LogLevel.parse((String) m.get("level")) : Optional.empty();
                long seq = m.get("seq") instanceof Number ? ((Number) m.get("seq")).longValue() : -1;
                long pid = m.get("pid") instanceof Number ? ((Number) m.get("pid")).longValue() : 0;
                String message = m.get("message") instanceof String ? (String) m.get("message") : "";
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = m.get("fields") instanceof Map ? (Map<String, Object>) m.get("fields") : Map.of();
                return new LogRecord(time, worker, s, pid, seq, n, message, level, withoutNulls(fields),
                        Boolean.TRUE.equals(m.get("continued")));
            }
            case ENHANCED_PLAIN: {
                String[] parts = line.split(" ", 5);
                if (parts.length < 5) {
                    return null;
                }
                Instant time = parseTime(parts[0], mtime);
                LogStream s = "stderr".equals(parts[2]) ? LogStream.STDERR : LogStream.STDOUT;
                return new LogRecord(time, worker, s, 0, -1, n, parts[4], LogLevel.parse(parts[3]), Map.of(), false);
            }
            default:
                return RecordProcessor.parse(new LogRecord(mtime, worker, stream, 0, -1, n, line, Optional.empty(), Map.of(), false),
                        false, false, null);
        }
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(m);
        copy.values().removeIf(v -> v == null);
        return copy;
    }

    private static Instant parseTime(Object value, Instant fallback) {
        if (value instanceof String) {
            try {
                return Instant.parse((String) value);
            } catch (DateTimeParseException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
