package io.hsu.logs;

import io.hsu.core.WorkerId;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** In-process pipeline throughput (no FIFO, no child): {@code java ... io.hsu.logs.PipelineThroughput MB json|plain}. */
final class PipelineThroughput {
    private PipelineThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int mb = Integer.parseInt(args[0]);
        boolean json = args[1].equals("json");
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        byte[] line = new byte[100];
        for (int i = 0; i < 655; i++) {
            if (json) {
                LineWriter.fillJson(line, i);
            } else {
                LineWriter.fill(line, i);
            }
            chunk.write(line);
        }
        byte[] c = chunk.toByteArray();
        for (int round = 0; round < 3; round++) {
            Path dir = Files.createTempDirectory("hsu-tp");
            OutputConfig file = OutputConfig.builder(OutputType.FILE).path("x.log")
                    .format(json ? LogFormat.STRUCTURED_JSON : LogFormat.PLAIN)
                    .rotation(new RotationConfig(50_000_000, 100, Duration.ZERO, false)).build();
            LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir)
                    .defaultWorker(WorkerLogConfig.builder().parseStructured(json).stdoutOutputs(List.of(file)).build()).build();
            long start = System.nanoTime();
            double cpu0 = CaptureBenchmark.processCpuSeconds();
            try (LogPipeline logs = LogPipeline.start(config)) {
                LogInput in = logs.input(WorkerId.of("tp"), LogStream.STDOUT);
                long total = (long) mb * 1_000_000;
                for (long done = 0; done < total; done += c.length) {
                    in.write(c, 0, c.length);
                }
                logs.awaitWritten(Duration.ofMinutes(5));
            }
            double s = (System.nanoTime() - start) / 1e9;
            double cpu = CaptureBenchmark.processCpuSeconds() - cpu0;
            System.out.printf(Locale.ROOT, "%s: %.0f MB/s, %.2f CPU s/GB%n", json ? "json" : "plain", mb / s, cpu / (mb / 1000.0));
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
