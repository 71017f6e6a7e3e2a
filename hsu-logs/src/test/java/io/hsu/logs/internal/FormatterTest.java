package io.hsu.logs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.hsu.core.WorkerId;
import io.hsu.logs.LogFormat;
import io.hsu.logs.LogLevel;
import io.hsu.logs.LogRecord;
import io.hsu.logs.LogStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class FormatterTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123Z");
    /** Plain letters, JSON specials, controls, 2-, 3- and 4-byte UTF-8, lone surrogates. */
    private static final String[] PIECES = {"a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u0001", "\u001f", "\u007f",
        "\u00e9", "\u07ff", "\u20ac", "\uffff", "\ud83d\ude00", "\ud83d", "\ude00", "{", "}", "="};

    private static String text(List<Integer> picks) {
        StringBuilder b = new StringBuilder();
        for (int k : picks) {
            b.append(PIECES[k % PIECES.length]);
        }
        return b.toString();
    }

    private static LogBatch batch(List<LogRecord> records) {
        byte[] data = "x\n".repeat(records.size()).getBytes(StandardCharsets.US_ASCII);
        LogBatch raw = new LogBatch(WorkerId.of("web-1"), LogStream.STDOUT, 42, T0, 0, 1, data, data.length,
                records.size(), null);
        return raw.withRecords(records);
    }

    private static byte[] viaStringBuilder(Formatter f, LogBatch batch, boolean workerPrefix) {
        StringBuilder b = new StringBuilder();
        for (LogRecord r : batch.records) {
            if (workerPrefix) {
                b.append(batch.worker.value()).append(" | ");
            }
            f.append(b, r, batch.enrich);
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonFormats_writtenAsBytes_equalTheTextWriter() {
        qt().forAll(lists().of(integers().between(0, 200)).ofSizeBetween(0, 30),
                lists().of(integers().between(0, 200)).ofSizeBetween(0, 12),
                integers().between(0, 7)).checkAssert((message, field, shape) -> {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    if (shape > 0) {
                        fields.put(text(field), text(message));
                        fields.put("n", (long) shape * -123456789L);
                        fields.put("d", shape / 3.0);
                        fields.put("b", shape % 2 == 0);
                        fields.put("list", Arrays.asList(1L, text(field), null, Map.of("k", text(field))));
                    }
                    LogRecord r = new LogRecord(T0, WorkerId.of("web-1"), LogStream.STDERR, 4242, shape * 1_000_000_007L,
                            shape + 1, text(message), shape % 3 == 0 ? Optional.empty() : Optional.of(LogLevel.WARN),
                            fields, shape == 5);
                    LogBatch batch = batch(List.of(r, r));
                    batch.enrich = shape % 2 == 0;
                    for (LogFormat format : List.of(LogFormat.JSON, LogFormat.STRUCTURED_JSON)) {
                        for (boolean workerPrefix : List.of(false, true)) {
                            Formatter f = new Formatter(format, "", workerPrefix, "host-\u00e9", "m\"1");
                            int[] length = new int[1];
                            byte[] bytes = f.format(batch, length);
                            assertThat(new String(Arrays.copyOf(bytes, length[0]), StandardCharsets.ISO_8859_1))
                                    .isEqualTo(new String(viaStringBuilder(f, batch, workerPrefix), StandardCharsets.ISO_8859_1));
                        }
                    }
                });
    }

    @Test
    void structuredJson_line_exactBytes() {
        LogRecord r = new LogRecord(T0, WorkerId.of("web-1"), LogStream.STDOUT, 7, 3, 4, "say \"hi\"\u00e9\t",
                Optional.of(LogLevel.INFO), Map.of("n", -42L), false);
        Formatter f = new Formatter(LogFormat.STRUCTURED_JSON, "", false, "h", "m");
        int[] length = new int[1];
        byte[] bytes = f.format(batch(new ArrayList<>(List.of(r))), length);
        assertThat(new String(bytes, 0, length[0], StandardCharsets.UTF_8)).isEqualTo(
                "{\"time\":\"2026-11-26T10:00:00.123Z\",\"worker\":\"web-1\",\"stream\":\"stdout\",\"pid\":7,\"seq\":3,"
                + "\"level\":\"info\",\"message\":\"say \\\"hi\\\"\u00e9\\t\",\"fields\":{\"n\":-42},\"host\":\"h\","
                + "\"master_id\":\"m\",\"line\":4}\n");
    }

    @Test
    void jsonNumbers_parsedInPlace_asLongParsingWould() {
        assertThat(Json.parseObject("{\"a\":0000000042,\"b\":-7,\"c\":123456789012345678,\"d\":1234567890123456789,"
                + "\"e\":99999999999999999999,\"f\":1.5,\"g\":-0,\"h\":2e3}"))
                .containsExactly(Map.entry("a", 42L), Map.entry("b", -7L), Map.entry("c", 123456789012345678L),
                        Map.entry("d", 1234567890123456789L), Map.entry("e", 1e20), Map.entry("f", 1.5),
                        Map.entry("g", 0L), Map.entry("h", 2000.0));
        assertThat(Json.parseObject("{\"a\":-}")).isNull();
        assertThat(Json.parseObject("{\"a\":1-2}")).isNull();
        assertThat(Json.parseObject("{\"a\":\"x\\\"y\",\"b\":\"no escape\"}"))
                .containsExactly(Map.entry("a", "x\"y"), Map.entry("b", "no escape"));
    }
}
