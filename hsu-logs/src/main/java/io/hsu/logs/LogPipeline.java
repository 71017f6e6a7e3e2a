package io.hsu.logs;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventSource;
import io.hsu.core.event.Subscription;
import io.hsu.core.internal.Checks;
import io.hsu.logs.internal.BlockingInput;
import io.hsu.logs.internal.PipelineCore;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Worker log collection for a master: captures FIFOs ({@link OutputCollector}), follows files of
 * unmanaged workers, frames lines, parses, filters and enriches them per {@link WorkerLogConfig},
 * keeps an in-memory tail per worker, and writes every configured output through its own bounded
 * queue. Plain lines to a plain file are copied in chunks, not record by record.
 *
 * <pre>{@code
 * try (LogPipeline logs = LogPipeline.start(config)) {
 *     OutputAttachment out = logs.attach(WorkerId.of("web-1"), LogStream.STDOUT, fifo);
 *     ...
 *     logs.events().on(LogEvent.OutputFailed.class, e -> alert(e));
 * }
 * }</pre>
 *
 * <p>Delivery to {@code block} outputs is at-least-once across a crash of this process (see
 * {@link OverflowPolicy#BLOCK}); outputs with a {@code drop_*} policy never hold back a FIFO.
 *
 * <p>Thread-safe. The owner closes it: closing drains every FIFO (waiting up to 2 s per FIFO for
 * its {@code block} outputs), writes what the queues hold (up to 10 s per output) and closes the files.
 */
public final class LogPipeline implements OutputCollector {
    private final PipelineCore core;

    private LogPipeline(PipelineCore core) {
        this.core = core;
    }

    /** A pipeline on the system scheduler writing console outputs to {@code System.out}/{@code System.err}. */
    public static LogPipeline start(LogCollectionConfig config) {
        return builder(config).build();
    }

    public static Builder builder(LogCollectionConfig config) {
        return new Builder(config);
    }

    @Override
    public OutputAttachment attach(WorkerId worker, LogStream stream, Path fifo) {
        return core.attach(worker, stream, fifo);
    }

    /** Follows {@code file} like {@code tail -F} as {@code worker}'s {@code stream}, polling every 250 ms. */
    public FileFollower followFile(WorkerId worker, LogStream stream, Path file) {
        return followFile(worker, stream, file, Duration.ofMillis(250));
    }

    /** Follows {@code file}, polling every {@code interval}. */
    public FileFollower followFile(WorkerId worker, LogStream stream, Path file, Duration interval) {
        Checks.argument(!interval.isNegative() && !interval.isZero(), "interval must be positive, but was %s", interval);
        return core.followFile(worker, stream, file, interval);
    }

    /**
     * Input written by the caller (an in-process worker, a test). Not thread-safe: one writer. When
     * a {@code block} output is full, {@link LogInput#write} waits until it drains.
     */
    public LogInput input(WorkerId worker, LogStream stream) {
        BlockingInput in = core.input(worker, stream);
        return new LogInput() {
            @Override
            public void write(byte[] bytes, int offset, int length) {
                in.write(bytes, offset, length);
            }

            @Override
            public void processStarted(long pid) {
                in.processStarted(pid);
            }

            @Override
            public void close() {
                in.flush();
            }
        };
    }

    /** The worker's in-memory tail, oldest first, with levels and parsed fields. */
    public List<LogRecord> tail(WorkerId worker) {
        return core.tail(worker);
    }

    /**
     * Delivers the worker's records from {@code fromSequence} on (those still in the tail), then each
     * new one, in sequence order, on a serial executor of its own. The caller closes the subscription.
     * The listener must not block.
     */
    public Subscription follow(WorkerId worker, long fromSequence, Consumer<? super LogRecord> listener) {
        return core.follow(worker, fromSequence, listener);
    }

    /** Searches the worker's file outputs (rotated, gzipped and current) and its tail; results oldest first. */
    public List<LogRecord> search(WorkerId worker, LogQuery query) {
        return core.search(worker, query);
    }

    /**
     * Output failures and recoveries, dropped lines and alerts. Listeners run on the thread that
     * noticed (the reader loop or an output writer) and must not block.
     */
    public EventSource<LogEvent> events() {
        return core.events();
    }

    /** Counters of every output created so far. */
    public List<OutputStats> outputStats() {
        return core.outputStats();
    }

    /** Waits until every output has written what it has queued; true if that happened within {@code timeout}. */
    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        return core.awaitWritten(timeout);
    }

    /** Closes and reopens every file output (the master calls this on SIGHUP, after an external logrotate moved the files). */
    public void reopen() {
        core.reopen();
    }

    @Override
    public void close() {
        core.close();
    }

    /** Not thread-safe. */
    public static final class Builder {
        private final LogCollectionConfig config;
        private Scheduler scheduler = Scheduler.system();
        private OutputStream stdout = System.out;
        private OutputStream stderr = System.err;

        private Builder(LogCollectionConfig config) {
            this.config = Checks.notNull(config, "config");
        }

        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Checks.notNull(scheduler, "scheduler");
            return this;
        }

        /** Where {@code stdout} and {@code master_stdout} outputs write. */
        public Builder stdout(OutputStream out) {
            this.stdout = Checks.notNull(out, "stdout");
            return this;
        }

        public Builder stderr(OutputStream err) {
            this.stderr = Checks.notNull(err, "stderr");
            return this;
        }

        public LogPipeline build() {
            return new LogPipeline(new PipelineCore(config, scheduler, stdout, stderr));
        }
    }
}
