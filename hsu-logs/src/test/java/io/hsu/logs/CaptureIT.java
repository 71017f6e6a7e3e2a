package io.hsu.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.WorkerId;
import io.hsu.core.posix.Posix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
final class CaptureIT {
    private static final WorkerId WEB = WorkerId.of("web-1");

    @TempDir
    Path dir;

    @Test
    void child_writing200MB_everyLineArrivesInOrder_rotatedFilesCompressed() throws Exception {
        // given: 2,000,000 lines of 100 bytes through a FIFO into files rotated at 10 MB
        long lines = 2_000_000;
        int length = 100;
        OutputConfig file = OutputConfig.builder(OutputType.FILE).path("{worker_id}-{stream}.log")
                .rotation(new RotationConfig(10_000_000, 100, Duration.ZERO, true)).build();
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir)
                .defaultWorker(WorkerLogConfig.builder().parseStructured(false).stdoutOutputs(List.of(file)).build()).build();
        Path fifo = dir.resolve("web-1.stdout");
        Posix.get().mkfifo(fifo, 0600);

        // when
        try (LogPipeline logs = LogPipeline.start(config)) {
            OutputAttachment out = logs.attach(WEB, LogStream.STDOUT, fifo);
            Process child = new ProcessBuilder(TestFiles.javaFixture(LineWriter.class, Long.toString(lines), Integer.toString(length)))
                    .redirectOutput(fifo.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                out.processStarted(child.pid());
                assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).isZero();
            } finally {
                child.destroyForcibly().waitFor();
            }
            out.close();
            assertThat(out.bytesRead()).isEqualTo(lines * length);
            assertThat(logs.awaitWritten(Duration.ofSeconds(60))).isTrue();
            assertThat(logs.outputStats()).singleElement().satisfies(s -> {
                assertThat(s.linesWritten()).isEqualTo(lines);
                assertThat(s.linesDropped()).isZero();
            });
        }

        // then: count, order and checksum over the rotated (gzipped) files and the current one
        Path current = dir.resolve("web-1-stdout.log");
        List<Path> files = TestFiles.inOrder(current);
        assertThat(files).hasSizeGreaterThanOrEqualTo(20);
        assertThat(files.subList(0, files.size() - 1)).allSatisfy(p -> assertThat(p.toString()).endsWith(".gz"));
        for (Path p : files.subList(0, files.size() - 1)) {
            assertThat(Files.size(Path.of(p.toString().replace(".gz", "")).getParent().resolve(p.getFileName()))).isPositive();
        }
        CRC32 expected = new CRC32();
        CRC32 actual = new CRC32();
        AtomicLong count = new AtomicLong();
        TestFiles.forEachLine(current, line -> {
            long i = count.getAndIncrement();
            byte[] want = LineWriter.line(i, length);
            expected.update(want, 0, want.length - 1);
            byte[] got = line.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            actual.update(got);
            if (!Arrays.equals(got, 0, got.length, want, 0, want.length - 1)) {
                throw new AssertionError("line " + i + " is '" + line + "'");
            }
        });
        assertThat(count.get()).isEqualTo(lines);
        assertThat(actual.getValue()).isEqualTo(expected.getValue());
    }

    @Test
    void retention_keepsMaxFilesRotatedFiles() throws Exception {
        // given: 5 MB through files rotated at 200 KB, keeping 3
        long lines = 50_000;
        OutputConfig file = OutputConfig.builder(OutputType.FILE).path("{worker_id}.log")
                .rotation(new RotationConfig(200_000, 3, Duration.ZERO, true)).build();
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir)
                .defaultWorker(WorkerLogConfig.builder().parseStructured(false).stdoutOutputs(List.of(file)).build()).build();
        Path fifo = dir.resolve("fifo");
        Posix.get().mkfifo(fifo, 0600);

        try (LogPipeline logs = LogPipeline.start(config)) {
            OutputAttachment out = logs.attach(WEB, LogStream.STDOUT, fifo);
            Process child = new ProcessBuilder(TestFiles.javaFixture(LineWriter.class, Long.toString(lines), "100"))
                    .redirectOutput(fifo.toFile()).start();
            try {
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly().waitFor();
            }
            out.close();
            assertThat(logs.awaitWritten(Duration.ofSeconds(30))).isTrue();
        }

        // then: the current file and the 3 newest rotated ones, gzipped, holding the last lines in order
        Path current = dir.resolve("web-1.log");
        List<Path> files = TestFiles.inOrder(current);
        assertThat(files).hasSize(4);
        assertThat(files.subList(0, 3)).allSatisfy(p -> assertThat(p.toString()).endsWith(".gz"));
        assertThat(Files.size(current)).isLessThanOrEqualTo(200_000);
        List<String> kept = TestFiles.lines(current);
        long first = Long.parseLong(kept.get(0).substring(0, 10));
        for (int i = 0; i < kept.size(); i++) {
            assertThat(kept.get(i)).isEqualTo(new String(LineWriter.line(first + i, 100), 0, 99, java.nio.charset.StandardCharsets.US_ASCII));
        }
        assertThat(first + kept.size()).isEqualTo(lines);
    }

    @Test
    void partialLastLine_flushedAtClose_andNoSpinWithoutWriter() throws Exception {
        Path fifo = dir.resolve("fifo");
        Posix.get().mkfifo(fifo, 0600);
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir)
                .defaultWorker(WorkerLogConfig.builder().parseStructured(false).build()).build();
        try (LogPipeline logs = LogPipeline.start(config)) {
            OutputAttachment out = logs.attach(WEB, LogStream.STDERR, fifo);
            Process child = new ProcessBuilder("sh", "-c", "printf 'one\\ntwo\\nthree-no-newline' >&2").redirectError(fifo.toFile()).start();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long cpuBefore = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> out.bytesRead() == 24);
            out.close();
            long cpuAfter = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis();
            assertThat(logs.tail(WEB)).extracting(LogRecord::message).containsExactly("one", "two", "three-no-newline");
            assertThat(logs.tail(WEB)).extracting(LogRecord::sequence).containsExactly(0L, 1L, 2L);
            assertThat(cpuAfter - cpuBefore).as("CPU ms while no writer holds the FIFO").isLessThan(2000);
        }
    }
}
