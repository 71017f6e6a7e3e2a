package io.hsu.logs.internal;

import io.hsu.core.WorkerId;
import io.hsu.logs.LogRecord;
import io.hsu.logs.LogStream;
import io.hsu.logs.TimestampExtraction;
import io.hsu.logs.WorkerLogConfig;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** One worker's path from framed batches to its tail and outputs. Thread-safe: stream readers call {@link #accept} concurrently. */
final class WorkerPipeline {
    final WorkerId worker;
    final WorkerLogConfig config;
    final AtomicLong sequence = new AtomicLong();
    final WorkerTail tail;
    private final RecordProcessor processor;
    private final Map<LogStream, List<OutputQueue>> outputs;

    WorkerPipeline(WorkerId worker, WorkerLogConfig config, RecordProcessor processor, Map<LogStream, List<OutputQueue>> outputs) {
        this.worker = worker;
        this.config = config;
        this.processor = processor;
        this.outputs = new EnumMap<>(outputs);
        boolean json = config.parseJson();
        boolean logfmt = config.parseLogfmt();
        TimestampExtraction timestamps = config.timestampExtraction().orElse(null);
        this.tail = new WorkerTail(config.tailBytes(), config.tailMaxLines(),
                r -> RecordProcessor.parse(r, json, logfmt, timestamps));
    }

    boolean captures(LogStream stream) {
        return config.enabled() && (stream == LogStream.STDOUT ? config.captureStdout() : config.captureStderr());
    }

    /** True if an output of {@code stream} is lossless ({@code block}), so its writes are worth waiting for. */
    boolean waitsForWrites(LogStream stream) {
        return outputs.get(stream).stream().anyMatch(OutputQueue::lossless);
    }

    List<OutputQueue> outputs(LogStream stream) {
        return outputs.get(stream);
    }

    void accept(LogBatch batch, Pauser pauser) {
        batch.enrich = config.addMetadata();
        tail.append(batch);
        LogBatch forOutputs = batch;
        if (config.needsRecords()) {
            List<LogRecord> kept = processor.process(batch);
            forOutputs = batch.withRecords(kept);
        }
        for (OutputQueue q : outputs.get(batch.stream)) {
            q.offer(forOutputs, pauser);
        }
    }
}
