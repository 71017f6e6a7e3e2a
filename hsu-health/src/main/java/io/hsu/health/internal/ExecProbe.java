package io.hsu.health.internal;

import io.hsu.core.internal.Threads;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.Signal;
import io.hsu.health.ExecCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command in a new session and process group ({@code /usr/bin/setsid}, so its pid is its
 * process group id) and reports its exit code and the start of its output.
 *
 * <p>Failure handling: the whole group is killed with SIGKILL when the command overruns the timeout,
 * when the checking thread is interrupted, when the probe is closed, and also after a normal exit,
 * so background children of a check script never outlive it. Without setsid or the POSIX bindings
 * (not Linux) the process and its descendants are killed one by one instead.
 */
final class ExecProbe implements Probe {
    private static final Logger log = LoggerFactory.getLogger(ExecProbe.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final boolean HAVE_SETSID = Files.isExecutable(SETSID);
    /** How much output is kept; the rest is read and dropped so the command never blocks on a full pipe. */
    static final int MAX_OUTPUT = 4096;
    private static final Duration OUTPUT_WAIT = Duration.ofMillis(500);
    private static final ThreadFactory OUTPUT_THREADS = Threads.blockingFactory("hsu-exec-output");

    private final ExecCheckConfig config;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ExecProbe(ExecCheckConfig config) {
        this.config = config;
    }

    @Override
    public ProbeResult check(Duration timeout) throws InterruptedException {
        Path executable = resolve(config.command());
        if (executable == null) {
            return ProbeResult.unhealthy(describe() + ": cannot run '" + config.command()
                    + "': no such executable file" + (config.command().contains("/") ? "" : " on PATH"));
        }
        List<String> command = new ArrayList<>();
        if (HAVE_SETSID) {
            command.add(SETSID.toString());
        }
        command.add(executable.toString());
        command.addAll(config.args());
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            return ProbeResult.unhealthy(describe() + ": cannot run: " + Messages.reason(e));
        }
        running.add(process);
        try {
            if (closed) {
                killGroup(process);
                return ProbeResult.unhealthy(describe() + ": probe closed");
            }
            Output output = new Output(process.getInputStream());
            // A thread of its own (virtual where available), never queued behind other checks:
            // a command blocked on a full pipe would otherwise never exit.
            OUTPUT_THREADS.newThread(output::drain).start();
            boolean exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            killGroup(process);   // on timeout the command, after exit its leftovers
            if (!exited) {
                process.waitFor(1, TimeUnit.SECONDS);
                String text = output.await();
                return ProbeResult.unhealthy(Messages.noAnswer(describe(), timeout) + "; killed its process group"
                        + (text.isEmpty() ? "" : "; output: " + text));
            }
            int code = process.exitValue();
            String text = output.await();
            String message = describe() + ": exit " + code + (text.isEmpty() ? "" : ": " + text);
            return code == 0 ? ProbeResult.healthy(message) : ProbeResult.unhealthy(message);
        } catch (InterruptedException e) {
            killGroup(process);
            throw e;
        } finally {
            running.remove(process);
        }
    }

    @Override
    public String describe() {
        return config.describe();
    }

    @Override
    public void close() {
        closed = true;
        for (Process p : running) {
            killGroup(p);
        }
    }

    /** SIGKILL to the process group the command leads, or to the process tree without setsid. */
    static void killGroup(Process process) {
        long pid = process.pid();
        if (HAVE_SETSID && pid > 1 && pid <= Integer.MAX_VALUE) {
            try {
                Posix.get().killGroup((int) pid, Signal.KILL);
                return;
            } catch (RuntimeException e) {
                log.debug("cannot kill process group {}, killing the tree instead", pid, e);
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The command as a path: absolute or relative with a slash as given, else the first match on PATH. */
    static Path resolve(String command) {
        if (command.contains("/")) {
            Path p = Path.of(command);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Reads the command's output to the end, keeping the first {@link #MAX_OUTPUT} bytes. */
    private static final class Output {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CountDownLatch done = new CountDownLatch(1);

        Output(InputStream in) {
            this.in = in;
        }

        void drain() {
            byte[] buffer = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (kept) {
                        int room = MAX_OUTPUT - kept.size();
                        if (room > 0) {
                            kept.write(buffer, 0, Math.min(room, n));
                        }
                    }
                }
            } catch (IOException e) {
                // The stream was closed under us: keep what was read.
            } finally {
                done.countDown();
            }
        }

        /** The output read so far (waiting a little for the end), on one line. */
        String await() throws InterruptedException {
            done.await(OUTPUT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (kept) {
                return Messages.oneLine(new String(kept.toByteArray(), StandardCharsets.UTF_8));
            }
        }
    }
}
