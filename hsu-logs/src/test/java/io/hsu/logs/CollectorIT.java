package io.hsu.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.WorkerId;
import io.hsu.core.posix.Pipe;
import io.hsu.core.posix.Posix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
final class CollectorIT {
    private static final WorkerId WEB = WorkerId.of("web-1");

    @TempDir
    Path dir;

    private Path fifo(String name) {
        Path p = dir.resolve(name);
        Posix.get().mkfifo(p, 0600);
        return p;
    }

    private static void run(Path fifo, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectOutput(fifo.toFile()).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void discarding_drainsAndCounts() throws Exception {
        Path fifo = fifo("out");
        try (OutputCollector collector = OutputCollector.discarding()) {
            OutputAttachment a = collector.attach(WEB, LogStream.STDOUT, fifo);
            run(fifo, "sh", "-c", "head -c 5000000 /dev/zero");
            await().atMost(Duration.ofSeconds(10)).until(() -> a.bytesRead() == 5_000_000);
            a.close();
            a.close();   // idempotent
        }
    }

    @Test
    void restartedWriter_onTheSameFifo_newPidStamped_noLineLost() throws Exception {
        Path fifo = fifo("out");
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir)
                .defaultWorker(WorkerLogConfig.builder().parseStructured(false).build()).build();
        try (LogPipeline logs = LogPipeline.start(config)) {
            OutputAttachment a = logs.attach(WEB, LogStream.STDOUT, fifo);
            for (int i = 1; i <= 3; i++) {
                Process p = new ProcessBuilder("sh", "-c", "echo run " + i + "; printf 'tail of run " + i + "'")
                        .redirectOutput(fifo.toFile()).start();
                a.processStarted(p.pid());
                try {
                    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                } finally {
                    p.destroyForcibly().waitFor();
                }
                long expected = 19L * i;
                await().atMost(Duration.ofSeconds(5)).until(() -> a.bytesRead() == expected);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> a.bytesRead() == 3 * (6 + 13));
            a.close();
            // The FIFO never reported end-of-file between writers, so their partial lines join.
            assertThat(logs.tail(WEB)).extracting(LogRecord::message)
                    .containsExactly("run 1", "tail of run 1run 2", "tail of run 2run 3", "tail of run 3");
            assertThat(logs.tail(WEB).get(3).pid()).isPositive();
        }
    }

    @Test
    void invalidUtf8_andOneMegabyteLines_throughAFifo() throws Exception {
        Path fifo = fifo("out");
        OutputConfig file = OutputConfig.builder(OutputType.FILE).path("{worker_id}.log").build();
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir).maxLineLength(2 << 20)
                .defaultWorker(WorkerLogConfig.builder().parseStructured(false).stdoutOutputs(List.of(file)).build()).build();
        try (LogPipeline logs = LogPipeline.start(config)) {
            OutputAttachment a = logs.attach(WEB, LogStream.STDOUT, fifo);
            run(fifo, "python3", "-c", String.join("\n",
                    "import sys",
                    "o = sys.stdout.buffer",
                    "o.write(b'bad \\xff\\xfe bytes\\n')",
                    "o.write(b'x' * 1048576 + b'\\n')",
                    "o.write(b'caf\\xc3\\xa9 ok\\n')",
                    "o.write(b'y' * 3000000 + b'\\n')",
                    "o.flush()"));
            a.close();
            assertThat(logs.awaitWritten(Duration.ofSeconds(10))).isTrue();
        }
        List<String> lines = Files.readAllLines(dir.resolve("web-1.log"));
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("bad \uFFFD\uFFFD bytes");
        assertThat(lines.get(1)).hasSize(1 << 20).matches("x+");
        assertThat(lines.get(2)).isEqualTo("caf\u00e9 ok");
        assertThat(lines.get(3)).isEqualTo("y".repeat(2 << 20) + LogFormat.SPLIT_MARKER);
        assertThat(lines.get(4)).isEqualTo("y".repeat(3000000 - (2 << 20)));
    }

    @Test
    void blockOutput_failing_linesHandedOnStayInTheFifo_untilWritten() throws Exception {
        // given: a file output that cannot be written while "blocker" is a file, not a directory
        Path fifo = fifo("out");
        Path blocker = Files.createFile(dir.resolve("blocker"));
        OutputConfig file = OutputConfig.builder(OutputType.FILE).path("blocker/web.log").build();
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir)
                .defaultWorker(WorkerLogConfig.builder().parseStructured(false).stdoutOutputs(List.of(file)).build()).build();
        Posix posix = Posix.get();
        int worker = posix.open(fifo, Posix.O_RDWR | Posix.O_NONBLOCK | Posix.O_CLOEXEC);   // as a child holds it
        Pipe peek = posix.pipe2(Posix.O_NONBLOCK | Posix.O_CLOEXEC);
        try (LogPipeline logs = LogPipeline.start(config)) {
            OutputAttachment a = logs.attach(WEB, LogStream.STDOUT, fifo);
            byte[] lines = "one\ntwo\n".getBytes(StandardCharsets.US_ASCII);
            posix.write(worker, lines, 0, lines.length);

            // when: the lines are read (the tail has them) but the output fails
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.tail(WEB).size() == 2 && logs.outputStats().get(0).failing());

            // then: they are still in the FIFO (a master killed now loses nothing)
            assertThat(posix.tee(worker, peek.writeFd(), 1000)).isEqualTo(8);
            byte[] buf = new byte[64];
            assertThat(new String(buf, 0, posix.read(peek.readFd(), buf, 0, 64), StandardCharsets.US_ASCII)).isEqualTo("one\ntwo\n");

            // and once the output has written them, they leave it
            Files.delete(blocker);
            await().atMost(Duration.ofSeconds(10)).until(() -> posix.tee(worker, peek.writeFd(), 1000) == 0);
            assertThat(Files.readAllLines(dir.resolve("blocker/web.log"))).containsExactly("one", "two");
            assertThat(a.bytesRead()).isEqualTo(8);
        } finally {
            posix.close(peek.readFd());
            posix.close(peek.writeFd());
            posix.close(worker);
        }
    }

    @Test
    void diskFull_devFull_reportedOnce_childKeepsRunning_linesDroppedAndCounted() throws Exception {
        Path fifo = fifo("out");
        OutputConfig full = OutputConfig.builder(OutputType.FILE).path("/dev/full").overflow(OverflowPolicy.DROP_NEWEST)
                .queueBytes(4096).build();
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir)
                .defaultWorker(WorkerLogConfig.builder().parseStructured(false).stdoutOutputs(List.of(full)).build()).build();
        List<LogEvent> events = new CopyOnWriteArrayList<>();
        try (LogPipeline logs = LogPipeline.start(config)) {
            logs.events().subscribe(events::add);
            OutputAttachment a = logs.attach(WEB, LogStream.STDOUT, fifo);
            run(fifo, "sh", "-c", "yes 'a line of output that the full disk cannot take' | head -n 50000");   // 2.4 MB: several reads
            a.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.outputStats().get(0).linesDropped() > 0);
            assertThat(logs.outputStats().get(0).failing()).isTrue();
            assertThat(a.bytesRead()).isEqualTo(50_000 * 48);
            assertThat(logs.tail(WEB)).isNotEmpty();
        }
        assertThat(events).filteredOn(e -> e instanceof LogEvent.OutputFailed).singleElement()
                .satisfies(e -> assertThat(((LogEvent.OutputFailed) e).error()).contains("No space left on device"));
        assertThat(events).filteredOn(e -> e instanceof LogEvent.LinesDropped).isNotEmpty();
    }
}
