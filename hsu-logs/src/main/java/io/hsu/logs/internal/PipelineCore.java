package io.hsu.logs.internal;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.core.internal.Threads;
import io.hsu.logs.LogCollectionConfig;
import io.hsu.logs.LogEvent;
import io.hsu.logs.LogRecord;
import io.hsu.logs.LogStream;
import io.hsu.logs.OutputAttachment;
import io.hsu.logs.OutputConfig;
import io.hsu.logs.OutputStats;
import io.hsu.logs.OutputType;
import io.hsu.logs.WorkerLogConfig;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/*
 * Lifecycle: created by LogPipeline; the epoll collector starts on the first attach; close() closes
 * the collector (draining every FIFO), then the followers, then each output queue (writing what it
 * holds for up to 10 s), then the compression thread.
 */
/** The implementation behind {@code LogPipeline}. Thread-safe. */
public final class PipelineCore {
    private final LogCollectionConfig config;
    private final Scheduler scheduler;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final EventPublisher<LogEvent> events = new EventPublisher<>();
    private final AtomicLong eventSequence = new AtomicLong();
    private final ExecutorService outputExecutor = Threads.blockingExecutor("hsu-log-output");
    /*
     * File outputs drain on platform threads: a file write holds a virtual thread's carrier anyway
     * (the JDK lends the pool another), and measured on JDK 25 the virtual-thread drain cost 0.3 CPU
     * seconds per GB more, mostly in the JIT. One thread per file queue draining at the same time,
     * as on JDK 17; a thread idle for a minute ends.
     */
    private final ExecutorService fileWriters = java.util.concurrent.Executors.newCachedThreadPool(
            Threads.daemonFactory("hsu-log-file"));
    private final ExecutorService compression = Executors.newSingleThreadExecutor(Threads.daemonFactory("hsu-log-gzip"));
    private final Map<WorkerId, WorkerPipeline> workers = new ConcurrentHashMap<>();
    private final ReentrantLock outputsLock = new ReentrantLock();
    private final Map<String, OutputQueue> fileOutputs = new LinkedHashMap<>();
    private final Map<OutputConfig, OutputQueue> otherOutputs = new IdentityHashMap<>();
    private final List<FileFollowerImpl> followers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile EpollOutputCollector collector;
    private volatile boolean closed;

    public PipelineCore(LogCollectionConfig config, Scheduler scheduler, OutputStream stdout, OutputStream stderr) {
        this.config = config;
        this.scheduler = scheduler;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public EventPublisher<LogEvent> events() {
        return events;
    }

    public LogCollectionConfig config() {
        return config;
    }

    public OutputAttachment attach(WorkerId worker, LogStream stream, Path fifo) {
        EpollOutputCollector c = collector;
        if (c == null) {
            synchronized (this) {
                io.hsu.core.internal.Checks.state(!closed, "log pipeline is closed; cannot attach %s %s", worker, stream.label());
                if (collector == null) {
                    collector = new EpollOutputCollector("hsu-log-reader", this::receiver);
                }
                c = collector;
            }
        }
        return c.attach(worker, stream, fifo);
    }

    private StreamReceiver receiver(WorkerId worker, LogStream stream, Runnable resume) {
        WorkerPipeline p = pipeline(worker);
        if (!config.enabled() || !p.captures(stream)) {
            return new DiscardingReceivers().open(worker, stream, resume);
        }
        return new PipelineReceiver(p, stream, config.maxLineLength(), scheduler, resume);
    }

    /** A receiver for bytes fed by a thread of the caller (in-process input, file followers). */
    public BlockingInput input(WorkerId worker, LogStream stream) {
        WorkerPipeline p = pipeline(worker);
        return new BlockingInput(p, stream, config.maxLineLength(), scheduler, config.enabled() && p.captures(stream));
    }

    public FileFollowerImpl followFile(WorkerId worker, LogStream stream, Path file, Duration interval) {
        FileFollowerImpl f = new FileFollowerImpl(file, input(worker, stream), scheduler, interval, outputExecutor,
                followers::remove);
        followers.add(f);
        f.start();
        return f;
    }

    WorkerPipeline pipeline(WorkerId worker) {
        return workers.computeIfAbsent(worker, this::newPipeline);
    }

    private WorkerPipeline newPipeline(WorkerId worker) {
        WorkerLogConfig wc = config.forWorker(worker);
        Map<LogStream, List<OutputQueue>> byStream = new EnumMap<>(LogStream.class);
        for (LogStream stream : LogStream.values()) {
            List<OutputQueue> qs = new ArrayList<>();
            List<OutputConfig> configs = new ArrayList<>(stream == LogStream.STDOUT ? wc.stdoutOutputs() : wc.stderrOutputs());
            configs.addAll(wc.forwarding());
            configs.addAll(config.aggregation());
            for (OutputConfig oc : configs) {
                OutputQueue q = output(oc, worker, stream);
                if (!qs.contains(q)) {
                    qs.add(q);
                }
            }
            byStream.put(stream, List.copyOf(qs));
        }
        RecordProcessor processor = new RecordProcessor(worker, wc, scheduler, events, eventSequence);
        return new WorkerPipeline(worker, wc, processor, byStream);
    }

    /** The expanded file path of a file output for a worker and stream ({@code {date}} left in). */
    public String filePath(OutputConfig oc, WorkerId worker, LogStream stream) {
        String expanded = oc.path().replace("{worker_id}", worker.value()).replace("{stream}", stream.label());
        return config.workerDirectory().resolve(expanded).normalize().toString();
    }

    private OutputQueue output(OutputConfig oc, WorkerId worker, LogStream stream) {
        outputsLock.lock();
        try {
            if (oc.type() == OutputType.FILE) {
                String path = filePath(oc, worker, stream);
                return fileOutputs.computeIfAbsent(path, p -> queue(oc, "file:" + p,
                        new RotatingFileSink(p, oc.rotation(), formatter(oc, false), scheduler, compression), fileWriters));
            }
            return otherOutputs.computeIfAbsent(oc, c -> queue(c, c.describe(), sink(c), outputExecutor));
        } finally {
            outputsLock.unlock();
        }
    }

    private Sink sink(OutputConfig oc) {
        switch (oc.type()) {
            case STDOUT: return new StreamSink(stdout, formatter(oc, false));
            case STDERR: return new StreamSink(stderr, formatter(oc, false));
            case MASTER_STDOUT: return new StreamSink(stdout, formatter(oc, true));
            case SYSLOG: return new SyslogSink(oc, config.hostname());
            case HTTP: return new HttpSink(oc, formatter(oc, false), false);
            case ELASTICSEARCH: return new HttpSink(oc, formatter(oc, false), true);
            default: throw new IllegalArgumentException("unsupported output type " + oc.type());
        }
    }

    private Formatter formatter(OutputConfig oc, boolean workerPrefix) {
        return new Formatter(oc.format(), oc.prefix(), workerPrefix, config.hostname(), config.masterId());
    }

    private OutputQueue queue(OutputConfig oc, String name, Sink sink, ExecutorService drains) {
        return new OutputQueue(name, sink, oc.overflow(), oc.queueBytes(), drains, scheduler, events, eventSequence);
    }

    public List<LogRecord> tail(WorkerId worker) {
        WorkerPipeline p = workers.get(worker);
        return p == null ? List.of() : p.tail.records();
    }

    public io.hsu.core.event.Subscription follow(WorkerId worker, long fromSequence, java.util.function.Consumer<? super LogRecord> listener) {
        return pipeline(worker).tail.follow(fromSequence, listener);
    }

    public List<LogRecord> search(WorkerId worker, io.hsu.logs.LogQuery query) {
        WorkerPipeline p = pipeline(worker);
        return LogSearch.search(this, p, query);
    }

    public List<OutputStats> outputStats() {
        outputsLock.lock();
        try {
            List<OutputStats> out = new ArrayList<>();
            fileOutputs.values().forEach(q -> out.add(q.stats()));
            otherOutputs.values().forEach(q -> out.add(q.stats()));
            return out;
        } finally {
            outputsLock.unlock();
        }
    }

    private List<OutputQueue> allQueues() {
        outputsLock.lock();
        try {
            List<OutputQueue> all = new ArrayList<>(fileOutputs.values());
            all.addAll(otherOutputs.values());
            return all;
        } finally {
            outputsLock.unlock();
        }
    }

    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (OutputQueue q : allQueues()) {
            if (!q.awaitDrained(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    public void reopen() {
        for (OutputQueue q : allQueues()) {
            q.reopen();
        }
    }

    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        EpollOutputCollector c = collector;
        if (c != null) {
            c.close();
        }
        for (FileFollowerImpl f : followers) {
            f.close();
        }
        for (OutputQueue q : allQueues()) {
            q.close(Duration.ofSeconds(10));
        }
        compression.shutdown();
        try {
            compression.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outputExecutor.shutdown();
        fileWriters.shutdown();
    }
}
