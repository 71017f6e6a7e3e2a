package io.hsu.logs.internal;

import io.hsu.logs.LogFormat;
import io.hsu.logs.LogRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Turns batches into the bytes of one output format. Stateless apart from its settings; thread-safe. */
final class Formatter {
    private final LogFormat format;
    private final byte[] prefix;
    private final boolean workerPrefix;
    private final String host;
    private final String masterId;
    /** The last formatted time: lines of one read share it. Replaced whole, so racing writers only redo work. */
    private volatile TimeText lastTime = new TimeText(null, "");

    private record TimeText(java.time.Instant time, String text) {
    }

    /**
     * @param prefix written before each plain line, followed by a space; empty for none
     * @param workerPrefix write {@code worker | } before each line (master_stdout)
     */
    Formatter(LogFormat format, String prefix, boolean workerPrefix, String host, String masterId) {
        this.format = format;
        this.prefix = prefix.isEmpty() ? new byte[0] : (prefix + " ").getBytes(StandardCharsets.UTF_8);
        this.workerPrefix = workerPrefix;
        this.host = host;
        this.masterId = masterId;
    }

    /** True when {@code batch}'s bytes can be written as they are (the fast path: copied in one piece). */
    boolean passesThrough(LogBatch batch) {
        return format == LogFormat.PLAIN && prefix.length == 0 && !workerPrefix && batch.records == null
                && batch.continuedLines == null;
    }

    /** The bytes of {@code batch} in this format; the batch's own array when it passes through. */
    byte[] format(LogBatch batch, int[] lengthOut) {
        if (passesThrough(batch)) {
            lengthOut[0] = batch.length;
            return batch.data;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.length + batch.lineCount * 32 + 64);
        byte[] lead = workerPrefix ? (batch.worker.value() + " | ").getBytes(StandardCharsets.UTF_8) : null;
        if (format == LogFormat.PLAIN && batch.records == null) {
            batch.forEachLine((index, start, end) -> {
                if (lead != null) {
                    out.write(lead, 0, lead.length);
                }
                out.write(prefix, 0, prefix.length);
                out.write(batch.data, start, end - start);
                if (batch.isContinued(index)) {
                    out.writeBytes(LogFormat.SPLIT_MARKER.getBytes(StandardCharsets.UTF_8));
                }
                out.write('\n');
            });
        } else if (format == LogFormat.JSON || format == LogFormat.STRUCTURED_JSON) {
            List<LogRecord> records = batch.records != null ? batch.records : batch.decode();
            ByteText text = new ByteText(batch.length * 2 + records.size() * 160 + 64);
            boolean structured = format == LogFormat.STRUCTURED_JSON;
            for (LogRecord r : records) {
                if (lead != null) {
                    text.raw(lead);
                }
                json(text, r, structured, batch.enrich);
                text.ascii('\n');
            }
            lengthOut[0] = text.length();
            return text.array();
        } else {
            List<LogRecord> records = batch.records != null ? batch.records : batch.decode();
            StringBuilder text = new StringBuilder(batch.length * 5 + 64);
            for (LogRecord r : records) {
                if (lead != null) {
                    text.append(batch.worker.value()).append(" | ");
                }
                append(text, r, batch.enrich);
                text.append('\n');
            }
            byte[] encoded = text.toString().getBytes(StandardCharsets.UTF_8);
            lengthOut[0] = encoded.length;
            return encoded;
        }
        lengthOut[0] = out.size();
        return out.toByteArray();
    }

    /** One record in this format, without the newline. */
    void append(StringBuilder line, LogRecord r, boolean enrich) {
        switch (format) {
            case PLAIN:
                if (prefix.length > 0) {
                    line.append(new String(prefix, StandardCharsets.UTF_8));
                }
                line.append(r.message());
                if (r.continued()) {
                    line.append(LogFormat.SPLIT_MARKER);
                }
                break;
            case ENHANCED_PLAIN:
                if (prefix.length > 0) {
                    line.append(new String(prefix, StandardCharsets.UTF_8));
                }
                line.append(time(r.time())).append(' ').append(r.worker().value()).append(' ')
                        .append(r.stream().label()).append(' ')
                        .append(r.level().map(l -> l.name()).orElse("-")).append(' ').append(r.message());
                if (r.continued()) {
                    line.append(LogFormat.SPLIT_MARKER);
                }
                break;
            default:
                json(line, r, format == LogFormat.STRUCTURED_JSON, enrich);
        }
    }

    String time(java.time.Instant time) {
        TimeText last = lastTime;
        if (time.equals(last.time())) {
            return last.text();
        }
        String text = DateTimeFormatter.ISO_INSTANT.format(time);
        lastTime = new TimeText(time, text);
        return text;
    }

    private static final byte[] TIME = ByteText.ascii("{\"time\":\"");
    private static final byte[] WORKER = ByteText.ascii("\",\"worker\":");
    private static final byte[] STREAM = ByteText.ascii(",\"stream\":\"");
    private static final byte[] PID = ByteText.ascii("\",\"pid\":");
    private static final byte[] SEQ = ByteText.ascii(",\"seq\":");
    private static final byte[] LEVEL = ByteText.ascii(",\"level\":\"");
    private static final byte[] MESSAGE = ByteText.ascii(",\"message\":");
    private static final byte[] CONTINUED = ByteText.ascii(",\"continued\":true");
    private static final byte[] FIELDS = ByteText.ascii(",\"fields\":");
    private static final byte[] HOST = ByteText.ascii(",\"host\":");
    private static final byte[] MASTER_ID = ByteText.ascii(",\"master_id\":");
    private static final byte[] LINE = ByteText.ascii(",\"line\":");

    /** {@link #json(StringBuilder, LogRecord, boolean, boolean)} straight to UTF-8 bytes: the same bytes. */
    void json(ByteText line, LogRecord r, boolean structured, boolean enrich) {
        line.raw(TIME).utf8(time(r.time())).raw(WORKER).quoted(r.worker().value());
        line.raw(STREAM).utf8(r.stream().label()).raw(PID).number(r.pid()).raw(SEQ).number(r.sequence());
        if (r.level().isPresent()) {
            line.raw(LEVEL).utf8(r.level().get().label()).ascii('"');
        }
        line.raw(MESSAGE).quoted(r.message());
        if (r.continued()) {
            line.raw(CONTINUED);
        }
        if (structured) {
            if (!r.fields().isEmpty()) {
                line.raw(FIELDS).json(r.fields());
            }
            if (enrich) {
                line.raw(HOST).quoted(host).raw(MASTER_ID).quoted(masterId).raw(LINE).number(r.lineNumber());
            }
        }
        line.ascii('}');
    }

    void json(StringBuilder line, LogRecord r, boolean structured, boolean enrich) {
        line.append("{\"time\":\"").append(time(r.time())).append("\",\"worker\":");
        Json.quote(line, r.worker().value());
        line.append(",\"stream\":\"").append(r.stream().label()).append('"');
        line.append(",\"pid\":").append(r.pid()).append(",\"seq\":").append(r.sequence());
        if (r.level().isPresent()) {
            line.append(",\"level\":\"").append(r.level().get().label()).append('"');
        }
        line.append(",\"message\":");
        Json.quote(line, r.message());
        if (r.continued()) {
            line.append(",\"continued\":true");
        }
        if (structured) {
            if (!r.fields().isEmpty()) {
                line.append(",\"fields\":");
                Json.write(line, r.fields() instanceof Map ? r.fields() : Map.of());
            }
            if (enrich) {
                line.append(",\"host\":");
                Json.quote(line, host);
                line.append(",\"master_id\":");
                Json.quote(line, masterId);
                line.append(",\"line\":").append(r.lineNumber());
            }
        }
        line.append('}');
    }
}
