package io.hsu.master.internal;

import io.hsu.core.WorkerId;
import io.hsu.master.OutputListener;
import io.hsu.master.config.LogOutput;
import io.hsu.master.config.WorkerLogConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each output line of one worker where its {@code log_collection} says: to the master's
 * {@link OutputListener} (the default, {@code master_stdout}, {@code stdout}, {@code stderr}) and to
 * rotating files. Network outputs belong to hsu-logs; until it is wired in they fall back to the
 * master's output, with a warning at start.
 *
 * <p>Thread-safe. Files are shared between workers through {@link Files}, which the master closes.
 */
final class OutputRouter {
    private static final Logger log = LoggerFactory.getLogger(OutputRouter.class);

    private final List<Consumer<String>> stdout;
    private final List<Consumer<String>> stderr;

    OutputRouter(WorkerId id, WorkerLogConfig config, List<LogOutput> global, OutputListener listener, Files files) {
        this.stdout = config.enabled() && config.captureStdout() ? targets(id, "stdout", config.stdout(), global, listener, files) : List.of();
        this.stderr = config.enabled() && config.captureStderr() ? targets(id, "stderr", config.stderr(), global, listener, files) : List.of();
    }

    private static List<Consumer<String>> targets(WorkerId id, String stream, List<LogOutput> outputs, List<LogOutput> global,
                                                  OutputListener listener, Files files) {
        List<Consumer<String>> result = new ArrayList<>();
        boolean toMaster = outputs.isEmpty();
        List<LogOutput> all = new ArrayList<>(outputs);
        all.addAll(global);
        for (LogOutput output : all) {
            switch (output.type()) {
                case "file": {
                    RotatingFile file = files.get(expand(output.path(), id, stream), output.rotation());
                    String prefix = output.prefix().isEmpty() ? "" : output.prefix() + " ";
                    result.add(line -> file.write(prefix + line));
                    break;
                }
                case "master_stdout":
                case "stdout":
                case "stderr":
                    toMaster = true;
                    break;
                default:
                    log.warn("worker '{}': {} output is not available in this build yet; its {} goes to the master's output",
                            id, output.type(), stream);
                    toMaster = true;
                    break;
            }
        }
        if (toMaster) {
            result.add(line -> listener.line(id, stream, line));
        }
        return List.copyOf(result);
    }

    static Path expand(String pattern, WorkerId id, String stream) {
        return Path.of(pattern.replace("{worker_id}", id.value()).replace("{stream}", stream)
                .replace("{date}", LocalDate.now(ZoneOffset.UTC).toString()));
    }

    void line(String stream, String line) {
        for (Consumer<String> target : "stderr".equals(stream) ? stderr : stdout) {
            target.accept(line);
        }
    }

    /** The open log files of one master, shared by path. Thread-safe; the master closes it. */
    static final class Files implements AutoCloseable {
        private final Map<Path, RotatingFile> open = new ConcurrentHashMap<>();
        private final Clock clock;

        Files(Clock clock) {
            this.clock = clock;
        }

        RotatingFile get(Path path, LogOutput.Rotation rotation) {
            return open.computeIfAbsent(path.toAbsolutePath().normalize(), p -> new RotatingFile(p, rotation, clock));
        }

        @Override
        public void close() {
            open.values().forEach(RotatingFile::close);
            open.clear();
        }
    }
}
