package io.hsu.logs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.hsu.core.WorkerId;
import io.hsu.logs.LogRecord;
import io.hsu.logs.LogStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class LineFramerTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private final List<LogBatch> batches = new ArrayList<>();

    private LineFramer framer(int maxLine) {
        return new LineFramer(WorkerId.of("web-1"), LogStream.STDOUT, maxLine, new AtomicLong(), b -> {
            b.retainBytes();   // kept past the call, as the tail and output queues do
            batches.add(b);
        });
    }

    private List<LogRecord> records() {
        List<LogRecord> out = new ArrayList<>();
        batches.forEach(b -> out.addAll(b.decode()));
        return out;
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void completeLines_passThroughAsOneBatch_partialLineWaits() {
        LineFramer f = framer(1024);
        f.feed(bytes("alpha\nbeta\ngam"), 42, T0);
        assertThat(batches).hasSize(1);
        assertThat(new String(batches.get(0).data, 0, batches.get(0).length, StandardCharsets.UTF_8)).isEqualTo("alpha\nbeta\n");
        assertThat(f.pendingBytes()).isEqualTo(3);
        f.feed(bytes("ma\n"), 42, T0);
        assertThat(records()).extracting(LogRecord::message).containsExactly("alpha", "beta", "gamma");
        assertThat(records()).extracting(LogRecord::sequence).containsExactly(0L, 1L, 2L);
        assertThat(records()).extracting(LogRecord::lineNumber).containsExactly(1L, 2L, 3L);
        assertThat(records()).allSatisfy(r -> assertThat(r.pid()).isEqualTo(42));
    }

    @Test
    void sourceEnd_isTheStreamOffsetAfterEachBatchsLastByte_partialLinesExcluded() {
        LineFramer f = framer(8);
        f.feed(bytes("ab\ncd"), 1, T0);                 // "ab\n" out, "cd" waits
        f.feed(bytes("e\n\u00e9\u00e9\u00e9\u00e9\u00e9x"), 1, T0);   // "cde\n" out; 11 bytes without newline: 8 cut off
        f.feed(new byte[] {(byte) 0xff}, 0, 1, 1, T0);  // invalid UTF-8 in the partial line: nothing out
        f.flush(1, T0);
        assertThat(batches).extracting(b -> b.sourceEnd).containsExactly(3L, 7L, 15L, 19L);
        assertThat(f.emittedOffset()).isEqualTo(19);
    }

    @Test
    void partialLastLine_flushedAsALine() {
        LineFramer f = framer(1024);
        f.feed(bytes("done\nno newline"), 1, T0);
        f.flush(1, T0);
        assertThat(records()).extracting(LogRecord::message).containsExactly("done", "no newline");
        assertThat(f.pendingBytes()).isZero();
    }

    @Test
    void invalidUtf8_replacedByReplacementCharacter() {
        LineFramer f = framer(1024);
        byte[] bad = {'o', 'k', (byte) 0xC3, '\n', (byte) 0xFF, (byte) 0xFE, 'x', '\n', (byte) 0xE2, (byte) 0x82, (byte) 0xAC, '\n'};
        f.feed(ByteBuffer.wrap(bad), 0, T0);
        assertThat(records()).extracting(LogRecord::message).containsExactly("ok\uFFFD", "\uFFFD\uFFFDx", "\u20AC");
    }

    @Test
    void overlongLine_splitAtMaxLength_partsMarkedContinued() {
        LineFramer f = framer(64);
        String longLine = "x".repeat(150);
        f.feed(bytes("short\n" + longLine + "\nafter\n"), 0, T0);
        List<LogRecord> r = records();
        assertThat(r).extracting(LogRecord::message).containsExactly("short", "x".repeat(64), "x".repeat(64), "x".repeat(22), "after");
        assertThat(r).extracting(LogRecord::continued).containsExactly(false, true, true, false, false);
    }

    @Test
    void overlongLine_withoutNewlineYet_emitsPartsAsItGrows() {
        LineFramer f = framer(64);
        f.feed(bytes("y".repeat(100)), 0, T0);
        assertThat(records()).extracting(LogRecord::message).containsExactly("y".repeat(64));
        assertThat(f.pendingBytes()).isEqualTo(36);
        f.feed(bytes("y\n"), 0, T0);
        assertThat(records()).extracting(LogRecord::message).containsExactly("y".repeat(64), "y".repeat(37));
    }

    @Test
    void split_neverCutsAMultibyteCharacter() {
        LineFramer f = framer(64);
        f.feed(bytes("\u20AC".repeat(50) + "\n"), 0, T0);   // 150 bytes of 3-byte characters
        assertThat(records()).allSatisfy(r -> assertThat(r.message()).doesNotContain("\uFFFD"));
        assertThat(String.join("", records().stream().map(LogRecord::message).toList())).isEqualTo("\u20AC".repeat(50));
    }

    @Test
    void oneMegabyteLine_keptWhole_whenMaxAllowsIt() {
        LineFramer f = framer(2 << 20);
        String big = "z".repeat(1 << 20);
        byte[] all = (big + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off < all.length; off += 65536) {
            f.feed(ByteBuffer.wrap(all, off, Math.min(65536, all.length - off)), 0, T0);
        }
        assertThat(records()).singleElement().satisfies(r -> assertThat(r.message()).hasSize(1 << 20));
    }

    @Test
    void anyChunking_yieldsTheSameLines() {
        String text = "a\nbb\n\u00e9\u00e9\u00e9\n" + "q".repeat(90) + "\nlast\n\u20AC\u20AC\nend\n";
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        qt().forAll(lists().of(integers().between(1, 17)).ofSizeBetween(1, 40)).checkAssert(sizes -> {
            batches.clear();
            LineFramer f = framer(64);
            int off = 0;
            int k = 0;
            while (off < all.length) {
                int n = Math.min(sizes.get(k++ % sizes.size()), all.length - off);
                f.feed(ByteBuffer.wrap(all, off, n), 0, T0);
                off += n;
            }
            List<String> got = new ArrayList<>();
            StringBuilder joined = new StringBuilder();
            for (LogRecord r : records()) {
                joined.append(r.message());
                if (!r.continued()) {
                    got.add(joined.toString());
                    joined.setLength(0);
                }
            }
            assertThat(got).containsExactly("a", "bb", "\u00e9\u00e9\u00e9", "q".repeat(90), "last", "\u20AC\u20AC", "end");
            assertThat(records()).extracting(LogRecord::sequence).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(0, records().size()).boxed().toList());
        });
    }

    @Test
    void anyLineLengths_framedWordWise_asLineByLine() {
        // Lengths 0..8 put several newlines in one 8-byte word; limits below 7 check lines inside a word.
        qt().forAll(lists().of(integers().between(0, 140)).ofSizeBetween(1, 60), integers().between(1, 300),
                        integers().between(1, 80))
                .checkAssert((lengths, chunk, maxLine) -> {
                    batches.clear();
                    LineFramer f = framer(maxLine);
                    StringBuilder text = new StringBuilder();
                    List<String> expected = new ArrayList<>();
                    for (int i = 0; i < lengths.size(); i++) {
                        String line = String.valueOf((char) ('a' + i % 26)).repeat(lengths.get(i));
                        expected.add(line);
                        text.append(line).append('\n');
                    }
                    byte[] all = text.toString().getBytes(StandardCharsets.US_ASCII);
                    for (int off = 0; off < all.length; off += chunk) {
                        f.feed(ByteBuffer.wrap(all, off, Math.min(chunk, all.length - off)), 0, T0);
                    }
                    List<String> got = new ArrayList<>();
                    StringBuilder joined = new StringBuilder();
                    for (LogRecord r : records()) {
                        assertThat(r.message().length()).isLessThanOrEqualTo(maxLine);
                        joined.append(r.message());
                        if (!r.continued()) {
                            got.add(joined.toString());
                            joined.setLength(0);
                        }
                    }
                    assertThat(got).containsExactlyElementsOf(expected);
                    assertThat(f.pendingBytes()).isZero();
                });
    }

    @Test
    void tinyLimit_lineInsideOneWord_isSplit() {
        LineFramer f = framer(2);
        f.feed(bytes("a\nbbbb\nc\n"), 0, T0);   // "bbbb" lies between two newlines of the first 8-byte word
        assertThat(records()).extracting(LogRecord::message).containsExactly("a", "bb", "bb", "c");
        assertThat(records()).extracting(LogRecord::continued).containsExactly(false, true, false, false);
    }
    @Test
    void thousandsOfBlankLinesInOneRead_countedExactly() {
        // Each block of 255 words sums its byte lanes: 2040 newlines there must not wrap.
        LineFramer f = framer(16);
        f.feed(bytes("\n".repeat(5000) + "x\n" + "\n".repeat(3)), 0, T0);
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).lineCount).isEqualTo(5004);
        assertThat(records()).hasSize(5004).last().extracting(LogRecord::sequence).isEqualTo(5003L);
        assertThat(records().get(5000).message()).isEqualTo("x");
    }

    @Test
    void overlongCheck_agreesWithMeasuringEachLine() {
        qt().forAll(lists().of(integers().between(0, 70)).ofSizeBetween(1, 40), integers().between(1, 64))
                .checkAssert((lengths, maxLine) -> {
                    StringBuilder text = new StringBuilder();
                    boolean expected = false;
                    for (int length : lengths) {
                        text.append("y".repeat(length)).append('\n');
                        expected |= length > maxLine;
                    }
                    byte[] all = text.toString().getBytes(StandardCharsets.US_ASCII);
                    assertThat(LineFramer.hasOverlongLine(all, all.length - 1, maxLine)).isEqualTo(expected);
                });
    }
}
