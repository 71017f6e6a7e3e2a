package io.hsu.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.FakeScheduler;
import io.hsu.core.WorkerId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FileFollowerTest {
    private static final WorkerId DB = WorkerId.of("postgres");
    private static final Duration POLL = Duration.ofMillis(250);

    @TempDir
    Path dir;

    private final FakeScheduler scheduler = new FakeScheduler();

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void expectTail(LogPipeline logs, String... lines) {
        scheduler.advance(POLL);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(logs.tail(DB)).extracting(LogRecord::message).containsExactly(lines));
    }

    @Test
    void follows_likeTailF_throughRotationTruncationAndDeletion() throws Exception {
        Path file = dir.resolve("postgres.log");
        append(file, "history before following\n");
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir)
                .defaultWorker(WorkerLogConfig.builder().parseStructured(false).build()).build();
        try (LogPipeline logs = LogPipeline.builder(config).scheduler(scheduler).build();
             FileFollower follower = logs.followFile(DB, LogStream.STDOUT, file, POLL)) {
            // existing content is skipped: following starts at the end
            append(file, "a\nb\n");
            expectTail(logs, "a", "b");

            // rotation: the writer finishes its line in the renamed file, a new file appears
            append(file, "partial");
            Path rotated = dir.resolve("postgres.log.1");
            try (FileChannel oldWriter = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                Files.move(file, rotated);
                oldWriter.write(java.nio.ByteBuffer.wrap("-end\n".getBytes()));
            }
            append(file, "c\nd\ne\n");
            expectTail(logs, "a", "b", "partial-end", "c", "d", "e");

            // truncation: shorter than what was read, so read again from the start
            Files.writeString(file, "f\n", StandardOpenOption.TRUNCATE_EXISTING);
            expectTail(logs, "a", "b", "partial-end", "c", "d", "e", "f");

            // deletion, then the file comes back: read whole
            Files.delete(file);
            scheduler.advance(POLL);
            append(file, "g\n");
            expectTail(logs, "a", "b", "partial-end", "c", "d", "e", "f", "g");
            assertThat(follower.bytesRead()).isEqualTo(4 + 12 + 6 + 2 + 2);
            assertThat(follower.path()).isEqualTo(file);
        }
    }

    @Test
    void rotationWhileFollowing_withFileOutput_keepsEveryLineInOrder() throws Exception {
        // a followed file rotated by its writer many times while HSU writes its own rotating output
        Path file = dir.resolve("app.log");
        Files.writeString(file, "");
        OutputConfig out = OutputConfig.builder(OutputType.FILE).path("copy.log")
                .rotation(new RotationConfig(2000, 100, Duration.ZERO, false)).build();
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir)
                .defaultWorker(WorkerLogConfig.builder().parseStructured(false).stdoutOutputs(List.of(out)).build()).build();
        int n = 0;
        try (LogPipeline logs = LogPipeline.builder(config).scheduler(scheduler).build();
             FileFollower follower = logs.followFile(DB, LogStream.STDOUT, file, POLL)) {
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < 30; i++) {
                    append(file, String.format("line %05d\n", n++));
                }
                scheduler.advance(POLL);
                int expected = n;
                await().atMost(Duration.ofSeconds(5)).until(() -> follower.bytesRead() == expected * 11L);
                Files.move(file, dir.resolve("app.log." + round));
                Files.writeString(file, "");
            }
            scheduler.advance(POLL);
            assertThat(logs.awaitWritten(Duration.ofSeconds(5))).isTrue();
        }
        List<String> copied = TestFiles.lines(dir.resolve("copy.log"));
        assertThat(copied).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(copied.get(i)).isEqualTo(String.format("line %05d", i));
        }
        assertThat(TestFiles.inOrder(dir.resolve("copy.log")).size()).isGreaterThan(1);
    }
}
