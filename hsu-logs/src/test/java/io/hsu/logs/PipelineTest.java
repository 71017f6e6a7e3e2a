package io.hsu.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.FakeScheduler;
import io.hsu.core.WorkerId;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PipelineTest {
    private static final WorkerId WEB = WorkerId.of("web-1");
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path dir;

    private final FakeScheduler scheduler = new FakeScheduler(T0);
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private LogPipeline logs;

    @AfterEach
    void close() {
        if (logs != null) {
            logs.close();
        }
    }

    private LogPipeline start(WorkerLogConfig worker) {
        return start(worker, console);
    }

    private LogPipeline start(WorkerLogConfig worker, OutputStream stdout) {
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir).hostname("host-a").masterId("m1")
                .defaultWorker(worker).build();
        logs = LogPipeline.builder(config).scheduler(scheduler).stdout(stdout).build();
        logs.events().subscribe(events::add);
        return logs;
    }

    private static void write(LogInput in, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        in.write(b, 0, b.length);
    }

    private String consoleText() throws InterruptedException {
        assertThat(logs.awaitWritten(Duration.ofSeconds(10))).isTrue();
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void defaults_forwardToMasterStdout_withWorkerPrefix() throws Exception {
        start(WorkerLogConfig.ofDefaults());
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        write(in, "listening on 8080\nready\npartial");
        in.close();
        assertThat(consoleText()).isEqualTo("web-1 | listening on 8080\nweb-1 | ready\nweb-1 | partial\n");
    }

    @Test
    void filters_includeExcludeAndMinLevel_applyToOutputs_notToTheTail() throws Exception {
        start(WorkerLogConfig.builder().include("ERROR|WARN|level=").exclude("^DEBUG").levelFilter(LogLevel.WARN)
                .forwarding(List.of(OutputConfig.builder(OutputType.STDOUT).build())).build());
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        write(in, "INFO started\nWARN disk 91%\nDEBUG ERROR in debug\nERROR failed\nlevel=info msg=x\nlevel=error msg=y\n");
        assertThat(consoleText()).isEqualTo("WARN disk 91%\nERROR failed\nlevel=error msg=y\n");
        assertThat(logs.tail(WEB)).hasSize(6);
    }

    @Test
    void jsonAndLogfmt_parsedIntoFieldsAndLevels() throws Exception {
        start(WorkerLogConfig.builder().forwarding(List.of(
                OutputConfig.builder(OutputType.STDOUT).format(LogFormat.STRUCTURED_JSON).build())).build());
        LogInput in = logs.input(WEB, LogStream.STDERR);
        in.processStarted(4242);
        write(in, "{\"level\":\"warn\",\"msg\":\"slow\",\"ms\":1200,\"tags\":[\"a\"]}\nlevel=error msg=\"db down\" retry=3\n{\"level\":50}\nplain text\n");
        String text = consoleText();
        assertThat(text.lines()).containsExactly(
                "{\"time\":\"2026-11-26T10:00:00Z\",\"worker\":\"web-1\",\"stream\":\"stderr\",\"pid\":4242,\"seq\":0,\"level\":\"warn\","
                        + "\"message\":\"{\\\"level\\\":\\\"warn\\\",\\\"msg\\\":\\\"slow\\\",\\\"ms\\\":1200,\\\"tags\\\":[\\\"a\\\"]}\","
                        + "\"fields\":{\"level\":\"warn\",\"msg\":\"slow\",\"ms\":1200,\"tags\":[\"a\"]},\"host\":\"host-a\",\"master_id\":\"m1\",\"line\":1}",
                "{\"time\":\"2026-11-26T10:00:00Z\",\"worker\":\"web-1\",\"stream\":\"stderr\",\"pid\":4242,\"seq\":1,\"level\":\"error\","
                        + "\"message\":\"level=error msg=\\\"db down\\\" retry=3\",\"fields\":{\"level\":\"error\",\"msg\":\"db down\",\"retry\":\"3\"},"
                        + "\"host\":\"host-a\",\"master_id\":\"m1\",\"line\":2}",
                "{\"time\":\"2026-11-26T10:00:00Z\",\"worker\":\"web-1\",\"stream\":\"stderr\",\"pid\":4242,\"seq\":2,\"level\":\"error\","
                        + "\"message\":\"{\\\"level\\\":50}\",\"fields\":{\"level\":50},\"host\":\"host-a\",\"master_id\":\"m1\",\"line\":3}",
                "{\"time\":\"2026-11-26T10:00:00Z\",\"worker\":\"web-1\",\"stream\":\"stderr\",\"pid\":4242,\"seq\":3,"
                        + "\"message\":\"plain text\",\"host\":\"host-a\",\"master_id\":\"m1\",\"line\":4}");
    }

    @Test
    void timestampExtraction_recordsCarryTheTimeWrittenInTheLine() throws Exception {
        start(WorkerLogConfig.builder().timestampExtraction(TimestampExtraction.rfc3339()).forwarding(List.of(
                OutputConfig.builder(OutputType.STDOUT).format(LogFormat.ENHANCED_PLAIN).build())).build());
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        write(in, "2026-11-25T08:30:00.5Z INFO from the line\n{\"ts\":\"2026-11-24T00:00:00Z\",\"msg\":\"json\"}\nno time\n");
        assertThat(consoleText().lines()).containsExactly(
                "2026-11-25T08:30:00.500Z web-1 stdout INFO 2026-11-25T08:30:00.5Z INFO from the line",
                "2026-11-24T00:00:00Z web-1 stdout - {\"ts\":\"2026-11-24T00:00:00Z\",\"msg\":\"json\"}",
                "2026-11-26T10:00:00Z web-1 stdout - no time");
        assertThat(logs.search(WEB, LogQuery.all().withRange(Instant.parse("2026-11-25T00:00:00Z"), T0)))
                .extracting(LogRecord::message).containsExactly("2026-11-25T08:30:00.5Z INFO from the line");
    }

    @Test
    void enhancedPlainAndJson_formats() throws Exception {
        start(WorkerLogConfig.builder().parseStructured(false).forwarding(List.of(
                OutputConfig.builder(OutputType.STDOUT).format(LogFormat.ENHANCED_PLAIN).prefix("[web]").build(),
                OutputConfig.builder(OutputType.STDOUT).format(LogFormat.JSON).build())).build());
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        write(in, "ERROR \"quoted\"\ttab\n");
        assertThat(consoleText()).contains("[web] 2026-11-26T10:00:00Z web-1 stdout - ERROR \"quoted\"\ttab\n")
                .contains("{\"time\":\"2026-11-26T10:00:00Z\",\"worker\":\"web-1\",\"stream\":\"stdout\",\"pid\":0,\"seq\":0,"
                        + "\"message\":\"ERROR \\\"quoted\\\"\\ttab\"}\n");
    }

    @Test
    void splitLine_markedInPlainOutput() throws Exception {
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir).maxLineLength(64)
                .defaultWorker(WorkerLogConfig.builder().parseStructured(false)
                        .forwarding(List.of(OutputConfig.builder(OutputType.STDOUT).build())).build()).build();
        logs = LogPipeline.builder(config).scheduler(scheduler).stdout(console).build();
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        write(in, "a".repeat(100) + "\n");
        assertThat(consoleText()).isEqualTo("a".repeat(64) + LogFormat.SPLIT_MARKER + "\n" + "a".repeat(36) + "\n");
    }

    @Test
    void alerts_rateLimited_countSuppressedMatches() throws Exception {
        start(WorkerLogConfig.builder().alert(AlertRule.of("OutOfMemoryError", Duration.ofMinutes(1))).build());
        LogInput in = logs.input(WEB, LogStream.STDERR);
        write(in, "java.lang.OutOfMemoryError: heap\nfine\njava.lang.OutOfMemoryError: again\nOutOfMemoryError 3\n");
        scheduler.advance(Duration.ofMinutes(1));
        write(in, "OutOfMemoryError after a minute\n");
        List<LogEvent.AlertRaised> alerts = events.stream().filter(e -> e instanceof LogEvent.AlertRaised)
                .map(e -> (LogEvent.AlertRaised) e).toList();
        assertThat(alerts).extracting(LogEvent.AlertRaised::line, LogEvent.AlertRaised::suppressed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("java.lang.OutOfMemoryError: heap", 0L),
                org.assertj.core.groups.Tuple.tuple("OutOfMemoryError after a minute", 2L));
        assertThat(alerts.get(0).workerId()).isEqualTo(WEB);
        assertThat(alerts.get(0).stream()).isEqualTo(LogStream.STDERR);
    }

    /** A stream whose writes wait until released: a stuck output. */
    private static final class StuckStream extends OutputStream {
        final CountDownLatch release = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.write(b, off, len);
        }
    }

    @Test
    void dropNewest_countsEveryDroppedLine_andReportsTheEpisode() throws Exception {
        StuckStream stuck = new StuckStream();
        start(WorkerLogConfig.builder().parseStructured(false).forwarding(List.of(OutputConfig.builder(OutputType.STDOUT)
                .overflow(OverflowPolicy.DROP_NEWEST).queueBytes(4096).build())).build(), stuck);
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        for (int i = 0; i < 200; i++) {
            write(in, String.format("%099d\n", i));   // 100 bytes per line, one batch each
        }
        stuck.release.countDown();
        assertThat(logs.awaitWritten(Duration.ofSeconds(10))).isTrue();
        OutputStats stats = logs.outputStats().get(0);
        assertThat(stats.linesDropped()).isPositive();
        assertThat(stats.linesWritten() + stats.linesDropped()).isEqualTo(200);
        List<String> got = stuck.written.toString(StandardCharsets.US_ASCII).lines().toList();
        assertThat(got).hasSize((int) stats.linesWritten()).startsWith(String.format("%099d", 0));
        List<LogEvent.LinesDropped> drops = events.stream().filter(e -> e instanceof LogEvent.LinesDropped)
                .map(e -> (LogEvent.LinesDropped) e).toList();
        assertThat(drops).extracting(LogEvent.LinesDropped::ended).containsExactly(false, true);
        assertThat(drops.get(1).lines()).isEqualTo(stats.linesDropped());
    }

    @Test
    void dropOldest_keepsTheNewestLines() throws Exception {
        StuckStream stuck = new StuckStream();
        start(WorkerLogConfig.builder().parseStructured(false).forwarding(List.of(OutputConfig.builder(OutputType.STDOUT)
                .overflow(OverflowPolicy.DROP_OLDEST).queueBytes(4096).build())).build(), stuck);
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        for (int i = 0; i < 200; i++) {
            write(in, String.format("%099d\n", i));
        }
        stuck.release.countDown();
        assertThat(logs.awaitWritten(Duration.ofSeconds(10))).isTrue();
        OutputStats stats = logs.outputStats().get(0);
        assertThat(stats.linesWritten() + stats.linesDropped()).isEqualTo(200);
        assertThat(stuck.written.toString(StandardCharsets.US_ASCII).lines().toList()).endsWith(String.format("%099d", 199));
    }

    @Test
    void block_backPressuresTheWriter_andLosesNothing() throws Exception {
        StuckStream stuck = new StuckStream();
        start(WorkerLogConfig.builder().parseStructured(false).forwarding(List.of(OutputConfig.builder(OutputType.STDOUT)
                .queueBytes(4096).build())).build(), stuck);
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        CountDownLatch done = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                write(in, String.format("%099d\n", i));
            }
            done.countDown();
        });
        writer.start();
        assertThat(done.await(300, TimeUnit.MILLISECONDS)).as("writer blocked by the full output").isFalse();
        stuck.release.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(logs.awaitWritten(Duration.ofSeconds(10))).isTrue();
        assertThat(stuck.written.toString(StandardCharsets.US_ASCII).lines()).hasSize(200);
        assertThat(logs.outputStats().get(0).linesDropped()).isZero();
    }

    @Test
    void unwritableDirectory_reportedOncePerEpisode_retried_thenRecovered() throws Exception {
        // given: the output's directory is a regular file
        Path blocker = dir.resolve("logs");
        Files.writeString(blocker, "not a directory");
        start(WorkerLogConfig.builder().parseStructured(false)
                .stdoutOutputs(List.of(OutputConfig.file("logs/{worker_id}.log"))).build());
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        write(in, "first\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e instanceof LogEvent.OutputFailed));
        write(in, "second\n");
        for (int i = 0; i < 5; i++) {
            scheduler.advance(Duration.ofSeconds(31));   // retries fail again
        }
        assertThat(logs.outputStats().get(0).failing()).isTrue();
        assertThat(events).filteredOn(e -> e instanceof LogEvent.OutputFailed).singleElement()
                .satisfies(e -> assertThat(((LogEvent.OutputFailed) e).output()).isEqualTo("file:" + dir.resolve("logs/web-1.log")));

        // when: the directory becomes usable
        Files.delete(blocker);

        // then: the next retry (whenever the last failure scheduled it) succeeds
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            scheduler.advance(Duration.ofSeconds(31));
            return events.stream().anyMatch(e -> e instanceof LogEvent.OutputRecovered);
        });
        assertThat(logs.awaitWritten(Duration.ofSeconds(10))).isTrue();
        assertThat(Files.readAllLines(dir.resolve("logs/web-1.log"))).containsExactly("first", "second");
        assertThat(logs.outputStats().get(0).failing()).isFalse();
    }

    @Test
    void tail_boundedByBytes_keepsTheNewestLines() {
        start(WorkerLogConfig.builder().tailBytes(100).parseStructured(false).build());
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        for (int i = 0; i < 50; i++) {
            write(in, String.format("line %04d\n", i));   // 10 bytes each
        }
        List<LogRecord> tail = logs.tail(WEB);
        assertThat(tail).hasSize(10);
        assertThat(tail.get(0).message()).isEqualTo("line 0040");
        assertThat(tail.get(9).sequence()).isEqualTo(49);
    }

    /** Line {@code i} of {@link #pooledChunks_neverReusedWhileTheTailFollowersOrOutputsHoldThem}: 99 bytes and its newline. */
    private static String numbered(long i) {
        return String.format("%08d ", i) + String.valueOf((char) ('a' + i % 26)).repeat(90);
    }

    /** Writes lines 0, 1, ... as {@link #numbered}, {@code linesPerChunk} (about 100 bytes each) per write. */
    private static void writeNumbered(LogInput in, int chunks, int linesPerChunk) {
        StringBuilder chunk = new StringBuilder(linesPerChunk * 100);
        for (int c = 0; c < chunks; c++) {
            chunk.setLength(0);
            for (int i = 0; i < linesPerChunk; i++) {
                chunk.append(numbered((long) c * linesPerChunk + i)).append('\n');
            }
            write(in, chunk.toString());
        }
    }

    @Test
    void pooledChunks_neverReusedWhileTheTailFollowersOrOutputsHoldThem() throws Exception {
        // 200 KB writes are framed in pooled arrays; the tail, a follower, a reader of the tail and
        // a file output all hold batches while new reads reuse arrays that were let go.
        start(WorkerLogConfig.builder().parseStructured(false).tailBytes(600_000)
                .stdoutOutputs(List.of(OutputConfig.file("{worker_id}.log"))).build());
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        List<String> followed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        io.hsu.core.event.Subscription sub = logs.follow(WEB, 0, r -> followed.add(r.sequence() + " " + r.message()));
        java.util.concurrent.atomic.AtomicReference<String> mismatch = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                for (LogRecord r : logs.tail(WEB)) {
                    if (!r.message().equals(numbered(r.sequence()))) {
                        mismatch.compareAndSet(null, r.sequence() + ": " + r.message());
                    }
                }
            }
        });
        reader.start();
        int chunks = 60;
        int linesPerChunk = 2000;
        try {
            writeNumbered(in, chunks, linesPerChunk);
        } finally {
            writing.set(false);
            reader.join();
        }
        int total = chunks * linesPerChunk;
        assertThat(logs.awaitWritten(Duration.ofSeconds(30))).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> followed.size() == total);
        sub.close();

        assertThat(mismatch.get()).as("a record read from the tail while arrays were reused").isNull();
        List<String> file = Files.readAllLines(dir.resolve("web-1.log"));
        assertThat(file).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(file.get(i)).isEqualTo(numbered(i));
            assertThat(followed.get(i)).isEqualTo(i + " " + numbered(i));
        }
        assertThat(logs.tail(WEB)).last().extracting(LogRecord::message).isEqualTo(numbered(total - 1));
    }

    @Test
    void pooledChunks_dropOldestNeverDropsTheBatchBeingWritten() throws Exception {
        // The output is stuck inside its first write while drop_oldest drops what queues behind it:
        // the batch being written must keep its bytes, and every line that gets out is whole.
        StuckStream stuck = new StuckStream();
        start(WorkerLogConfig.builder().parseStructured(false).tailBytes(600_000).forwarding(List.of(
                OutputConfig.builder(OutputType.STDOUT).overflow(OverflowPolicy.DROP_OLDEST).queueBytes(500_000).build()))
                .build(), stuck);
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        int chunks = 30;
        int linesPerChunk = 2000;
        writeNumbered(in, chunks, linesPerChunk);
        for (LogRecord r : logs.tail(WEB)) {
            assertThat(r.message()).isEqualTo(numbered(r.sequence()));
        }
        stuck.release.countDown();
        assertThat(logs.awaitWritten(Duration.ofSeconds(30))).isTrue();

        List<String> out = stuck.written.toString(StandardCharsets.US_ASCII).lines().toList();
        OutputStats stats = logs.outputStats().get(0);
        assertThat(stats.linesWritten() + stats.linesDropped()).isEqualTo(chunks * linesPerChunk);
        assertThat(out).hasSize((int) stats.linesWritten()).first().isEqualTo(numbered(0));
        long previous = -1;
        for (String line : out) {
            long n = Long.parseLong(line.substring(0, 8));
            assertThat(line).isEqualTo(numbered(n));
            assertThat(n).isGreaterThan(previous);
            previous = n;
        }
    }

    @Test
    void follow_fromAPosition_thenLive_inOrder() throws Exception {
        start(WorkerLogConfig.builder().parseStructured(false).build());
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        write(in, "a\nb\nc\n");
        List<String> seen = new CopyOnWriteArrayList<>();
        io.hsu.core.event.Subscription sub = logs.follow(WEB, 1, r -> seen.add(r.sequence() + ":" + r.message()));
        write(in, "d\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
        sub.close();
        write(in, "e\n");
        assertThat(logs.tail(WEB)).hasSize(5);
        assertThat(seen).containsExactly("1:b", "2:c", "3:d");
    }

    @Test
    void search_overRotatedFilesAndTail_byRegexLevelStreamAndTime() throws Exception {
        OutputConfig json = OutputConfig.builder(OutputType.FILE).path("{worker_id}.json").format(LogFormat.JSON)
                .rotation(new RotationConfig(300, 50, Duration.ZERO, true)).build();
        start(WorkerLogConfig.builder().tailBytes(120).forwarding(List.of(json)).build());
        LogInput out = logs.input(WEB, LogStream.STDOUT);
        LogInput err = logs.input(WEB, LogStream.STDERR);
        for (int i = 0; i < 20; i++) {
            write(i % 2 == 0 ? out : err, (i % 5 == 0 ? "ERROR " : "INFO ") + "event " + i + "\n");
            scheduler.advance(Duration.ofSeconds(1));
        }
        assertThat(logs.awaitWritten(Duration.ofSeconds(10))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestFiles.inOrder(dir.resolve("web-1.json")).stream()
                .filter(p -> p.toString().endsWith(".gz")).count() >= 2);

        assertThat(logs.search(WEB, LogQuery.all())).extracting(LogRecord::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
        assertThat(logs.search(WEB, LogQuery.all().withMinLevel(LogLevel.ERROR))).extracting(LogRecord::message)
                .containsExactly("ERROR event 0", "ERROR event 5", "ERROR event 10", "ERROR event 15");
        assertThat(logs.search(WEB, LogQuery.all().withPattern("event 1[0-3]$").withStream(LogStream.STDERR)))
                .extracting(LogRecord::message).containsExactly("INFO event 11", "INFO event 13");
        assertThat(logs.search(WEB, LogQuery.all().withRange(T0.plusSeconds(3), T0.plusSeconds(6))))
                .extracting(LogRecord::message).containsExactly("INFO event 3", "INFO event 4", "ERROR event 5");
        assertThat(logs.search(WEB, LogQuery.all().withLimit(2))).extracting(LogRecord::sequence).containsExactly(18L, 19L);
    }

    @Test
    void reopen_afterExternalRotation_writesANewFile() throws Exception {
        start(WorkerLogConfig.builder().parseStructured(false).stdoutOutputs(List.of(OutputConfig.file("{worker_id}.log"))).build());
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        write(in, "before\n");
        assertThat(logs.awaitWritten(Duration.ofSeconds(5))).isTrue();
        Files.move(dir.resolve("web-1.log"), dir.resolve("web-1.log.1"));
        logs.reopen();
        write(in, "after\n");
        assertThat(logs.awaitWritten(Duration.ofSeconds(5))).isTrue();
        assertThat(Files.readAllLines(dir.resolve("web-1.log.1"))).containsExactly("before");
        assertThat(Files.readAllLines(dir.resolve("web-1.log"))).containsExactly("after");
    }

    @Test
    void rotationByAge_usesTheSchedulerClock() throws Exception {
        start(WorkerLogConfig.builder().parseStructured(false).stdoutOutputs(List.of(OutputConfig.builder(OutputType.FILE)
                .path("{worker_id}-{stream}-{date}.log").rotation(new RotationConfig(1_000_000, 5, Duration.ofHours(1), false)).build())).build());
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        write(in, "one\n");
        assertThat(logs.awaitWritten(Duration.ofSeconds(5))).isTrue();
        scheduler.advance(Duration.ofMinutes(61));
        write(in, "two\n");
        assertThat(logs.awaitWritten(Duration.ofSeconds(5))).isTrue();
        assertThat(TestFiles.lines(dir.resolve("web-1-stdout-2026-11-26.log"))).containsExactly("one", "two");
        assertThat(TestFiles.inOrder(dir.resolve("web-1-stdout-2026-11-26.log"))).hasSize(2);
        scheduler.advance(Duration.ofHours(14));   // the next day: a new file
        write(in, "three\n");
        assertThat(logs.awaitWritten(Duration.ofSeconds(5))).isTrue();
        assertThat(Files.readAllLines(dir.resolve("web-1-stdout-2026-11-27.log"))).containsExactly("three");
    }

    @Test
    void configErrors_sayWhatAndTheValue() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RotationConfig(0, 1, Duration.ZERO, true))
                .hasMessage("maxSize must be >= 1, but was 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputConfig.builder(OutputType.SYSLOG).address("ftp://x:1"))
                .hasMessage("address 'ftp://x:1' must start with udp://, tcp:// or unix://");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputConfig.builder(OutputType.FILE).build())
                .hasMessage("a file output needs a path");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputConfig.builder(OutputType.SYSLOG).facility("local9"))
                .hasMessageStartingWith("facility must be one of kern, user,").hasMessageEndingWith("but was 'local9'");
    }

    @Test
    void stuckNetworkOutput_neverSlowsTheFile() throws Exception {
        // given: a dropping output that never returns, beside a file output
        StuckStream stuck = new StuckStream();
        start(WorkerLogConfig.builder().parseStructured(false)
                .stdoutOutputs(List.of(OutputConfig.file("{worker_id}.log")))
                .forwarding(List.of(OutputConfig.builder(OutputType.STDOUT).overflow(OverflowPolicy.DROP_OLDEST).queueBytes(4096).build()))
                .build(), stuck);
        LogInput in = logs.input(WEB, LogStream.STDOUT);
        // when
        for (int i = 0; i < 1000; i++) {
            write(in, String.format("%099d\n", i));
        }
        // then: every line reaches the file while the other output is still stuck
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("web-1.log"))
                && Files.size(dir.resolve("web-1.log")) == 100_000);
        assertThat(stuck.written.size()).isZero();
        stuck.release.countDown();
    }
}
