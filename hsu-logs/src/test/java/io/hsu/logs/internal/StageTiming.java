package io.hsu.logs.internal;

import io.hsu.core.WorkerId;
import io.hsu.logs.LogFormat;
import io.hsu.logs.LogRecord;
import io.hsu.logs.LogStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Times the record stages on one batch of JSON lines: {@code java ... io.hsu.logs.internal.StageTiming}. */
final class StageTiming {
    private StageTiming() {
    }

    public static void main(String[] args) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append(String.format("{\"n\":%010d,\"level\":\"info\",\"msg\":\"%s\"}\n", i, "abcdefghijklmnopqrstuvwxyz".repeat(3).substring(0, 56)));
        }
        byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
        int lines = 2000;
        LogBatch batch = new LogBatch(WorkerId.of("w"), LogStream.STDOUT, 1, Instant.now(), 0, 1, data, data.length, lines, null);
        Formatter f = new Formatter(LogFormat.STRUCTURED_JSON, "", false, "h", "m");
        for (int round = 0; round < 8; round++) {
            long t0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            List<LogRecord> decoded = null;
            for (int k = 0; k < 50; k++) {
                decoded = batch.decode();
            }
            long t1 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            List<LogRecord> parsed = new ArrayList<>();
            for (int k = 0; k < 50; k++) {
                parsed.clear();
                for (LogRecord r : decoded) {
                    parsed.add(RecordProcessor.parse(r, true, true, null));
                }
            }
            long t2 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            LogBatch withRecords = batch.withRecords(parsed);
            int[] len = new int[1];
            for (int k = 0; k < 50; k++) {
                f.format(withRecords, len);
            }
            long t3 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            double per = 50.0 * lines;
            System.out.printf("decode %.0f ns, parse %.0f ns, format %.0f ns per line (thread CPU)%n", (t1 - t0) / per, (t2 - t1) / per, (t3 - t2) / per);
        }
    }
}
