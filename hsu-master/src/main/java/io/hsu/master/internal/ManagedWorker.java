package io.hsu.master.internal;

import io.hsu.core.ExitStatus;
import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.core.event.EventSource;
import io.hsu.core.event.WorkerEvent;
import io.hsu.core.internal.SerialExecutor;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.core.posix.Signal;
import io.hsu.master.WorkerHealthChanged;
import io.hsu.master.config.ExecutionConfig;
import io.hsu.master.config.Probe;
import io.hsu.master.config.RestartMode;
import io.hsu.master.config.RetrySettings;
import io.hsu.master.config.WorkerConfig;
import io.hsu.master.config.WorkerType;
import io.hsu.statemachine.WorkerSnapshot;
import io.hsu.statemachine.WorkerState;
import io.hsu.statemachine.WorkerStateMachine;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A managed (or integrated) worker run by this module: one process in its own session and process
 * group, its output through FIFOs in the state directory, its probes, its restart policy. A
 * stand-in for hsu-processcontrol's {@code ProcessControl} until that module is wired in.
 *
 * <p>Concurrency: every change runs on the state machine's serial executor (the single writer);
 * the process exit, probe results and timers hop onto it. Readers use the published snapshot.
 *
 * <p>Lifecycle: {@link #start} spawns, or re-adopts a process that an earlier master left running
 * (PID file {@code <id>.pid} holding "pid starttime", verified against /proc before anything is
 * signalled). The child keeps a read end of its own FIFOs open, so it never gets SIGPIPE while no
 * master reads; its output waits in the pipe and the next master drains it. {@link #stop} signals
 * the group, waits {@code graceful_timeout}, SIGKILLs the group, and reports STOPPED only when the
 * whole group is gone.
 *
 * <p>Failure handling: a failed spawn moves to FAILED with the reason; an exit not asked for goes
 * through the restart policy (RESTARTING with a delay, EXITED, or FAILED when the budget is spent);
 * nothing here throws at the master.
 */
public final class ManagedWorker implements WorkerRuntime {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ManagedWorker.class);
    private static final Duration POLL = Duration.ofMillis(50);
    /** Runs the child: hold read ends of its own FIFOs (fd 3, 4), then exec the worker. */
    private static final String LAUNCH_SCRIPT = "exec 3<\"$1\" 4<\"$2\"; shift 2; %sexec \"$@\"";

    private final WorkerConfig config;
    private final WorkerId id;
    private final StateDirectory stateDir;
    private final Scheduler scheduler;
    private final ExecutorService blocking;
    private final OutputRouter router;
    private final ChildRegistry children;
    private final SerialExecutor serial;
    private final WorkerStateMachine machine;
    private final EventPublisher<WorkerEvent> events = new EventPublisher<>();
    private final RestartBudget exitBudget;
    private final RestartBudget healthBudget;

    // Writer-owned (serial executor) unless marked volatile.
    private volatile int pid;
    private volatile int port;
    private volatile boolean healthy;
    private volatile boolean hasHealthProbe;
    private long generation;
    private Instant runStart = Instant.EPOCH;
    private boolean firstStart = true;
    private boolean stopping;
    private boolean killedForHealth;
    private Optional<ExitStatus> exitWhileStopping = Optional.empty();
    private CompletableFuture<WorkerSnapshot> stopped;
    private Scheduler.Cancellable pendingStart = Scheduler.Cancellable.NONE;
    private Scheduler.Cancellable stopTimer = Scheduler.Cancellable.NONE;
    private final List<ProbeLoop> probes = new ArrayList<>();
    private final List<OutputPump> pumps = new ArrayList<>();

    ManagedWorker(WorkerConfig config, StateDirectory stateDir, Scheduler scheduler, ExecutorService blocking,
                  OutputRouter router, ChildRegistry children) {
        this.config = config;
        this.id = config.id();
        this.stateDir = stateDir;
        this.scheduler = scheduler;
        this.blocking = blocking;
        this.router = router;
        this.children = children;
        this.serial = new SerialExecutor("worker " + id);
        this.machine = WorkerStateMachine.builder(id).clock(scheduler.clock()).executor(serial).build();
        this.machine.events().subscribe(events::publish);
        this.exitBudget = new RestartBudget(config.restart(), () -> ThreadLocalRandom.current().nextDouble());
        this.healthBudget = new RestartBudget(config.restart(), () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public WorkerConfig config() {
        return config;
    }

    @Override
    public WorkerSnapshot snapshot() {
        return machine.snapshot();
    }

    @Override
    public EventSource<WorkerEvent> events() {
        return events;
    }

    @Override
    public boolean isHealthy() {
        WorkerState state = machine.state();
        if (state != WorkerState.RUNNING) {
            return false;
        }
        return !hasHealthProbe || healthy;
    }

    @Override
    public OptionalInt port() {
        return port > 0 ? OptionalInt.of(port) : OptionalInt.empty();
    }

    @Override
    public boolean hasLiveProcess() {
        return adoptablePid().isPresent();
    }

    /** The pid in the PID file, when it still names the process that was started (same start time). */
    private OptionalInt adoptablePid() {
        Path pidFile = stateDir.pidFile(id);
        Optional<String> text = StateDirectory.readIfExists(pidFile);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        String[] parts = text.get().strip().split("\\s+");
        try {
            int oldPid = Integer.parseInt(parts[0]);
            long ticks = Long.parseLong(parts[1]);
            return oldPid > 1 && ProcessIdentity.isStillRunning(oldPid, ticks) ? OptionalInt.of(oldPid) : OptionalInt.empty();
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public void start(String reason) {
        serial.execute(() -> doStart(reason));
    }

    @Override
    public CompletableFuture<WorkerSnapshot> stop(String reason, boolean onRequest) {
        CompletableFuture<WorkerSnapshot> result = new CompletableFuture<>();
        serial.execute(() -> doStop(reason, onRequest, result));
        return result;
    }

    @Override
    public void restart(String reason) {
        serial.execute(() -> {
            WorkerState state = machine.state();
            if (state == WorkerState.STARTING || state == WorkerState.RUNNING) {
                CompletableFuture<WorkerSnapshot> done = new CompletableFuture<>();
                doStop(reason, false, done);
                done.whenComplete((s, e) -> serial.execute(() -> doStart(reason)));
            } else {
                doStart(reason);
            }
        });
    }

    @Override
    public void kill() {
        int p = pid;
        if (p > 1) {
            try {
                Posix.get().killGroup(p, Signal.KILL);
            } catch (RuntimeException e) {
                log.warn("worker '{}': SIGKILL to group {} failed: {}", id, p, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        serial.execute(() -> {
            closeProbes();
            pendingStart.cancel();
            stopTimer.cancel();
        });
    }

    // ------------------------------------------------------------------ start

    private void doStart(String reason) {
        WorkerState state = machine.state();
        if (state == WorkerState.STARTING || state == WorkerState.RUNNING || state == WorkerState.STOPPING) {
            return;
        }
        pendingStart.cancel();
        boolean first = firstStart;
        firstStart = false;
        if (first && tryAdopt()) {
            return;
        }
        ExecutionConfig execution = config.execution().orElseThrow();
        machine.moveTo(WorkerState.STARTING, reason);
        int newPid;
        try {
            newPid = spawn(execution);
        } catch (IOException | RuntimeException e) {
            log.debug("worker '{}': spawn failed", id, e);
            machine.moveTo(WorkerState.FAILED, "cannot start " + execution.executable() + ": " + e.getMessage());
            return;
        }
        afterLaunch(newPid, "started");
    }

    private int spawn(ExecutionConfig execution) throws IOException {
        Posix posix = Posix.get();
        Path out = stateDir.fifo(id, "stdout");
        Path err = stateDir.fifo(id, "stderr");
        int outFd = openFifo(posix, out);
        int errFd;
        try {
            errFd = openFifo(posix, err);
        } catch (RuntimeException | IOException e) {
            posix.close(outFd);
            throw e;
        }
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/setsid");
        command.add("/bin/sh");
        command.add("-c");
        String umask = execution.umask().map(u -> "umask " + u + "; ").orElse("");
        command.add(String.format(LAUNCH_SCRIPT, umask));
        command.add("hsu-launch"); // $0
        command.add(out.toString());
        command.add(err.toString());
        if (execution.user().isPresent() || execution.group().isPresent()) {
            if (posix.geteuid() != 0) {
                posix.close(outFd);
                posix.close(errFd);
                throw new IOException("'user'/'group' need a master running as root");
            }
            command.add("/usr/bin/setpriv");
            execution.user().ifPresent(u -> command.add("--reuid=" + u));
            execution.group().ifPresent(g -> command.add("--regid=" + g));
            command.add("--clear-groups");
            command.add("--");
        }
        command.add(execution.executable().toString());
        command.addAll(execution.args());
        if (config.type() == WorkerType.INTEGRATED) {
            port = freePort();
            command.add("--port");
            command.add(Integer.toString(port));
            StateDirectory.writeAtomically(stateDir.portFile(id), port + "\n");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(execution.workingDirectory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        if (!execution.inheritEnvironment()) {
            builder.environment().clear();
        }
        for (String entry : execution.environment()) {
            int eq = entry.indexOf('=');
            builder.environment().put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        Process process;
        try {
            process = children.start(builder);
        } catch (IOException | RuntimeException e) {
            posix.close(outFd);
            posix.close(errFd);
            throw e;
        }
        int newPid = (int) process.pid();
        startPumps(outFd, errFd);
        long gen = ++generation;
        process.onExit().whenComplete((p, e) -> {
            ExitStatus status = statusOf(process.exitValue());
            children.exited(newPid);
            serial.execute(() -> onExit(gen, newPid, status));
        });
        return newPid;
    }

    /** Creates the FIFO anew and opens our read end without blocking (no writer exists yet). */
    private static int openFifo(Posix posix, Path fifo) throws IOException {
        Files.deleteIfExists(fifo);
        posix.mkfifo(fifo, 0600);
        int fd = posix.open(fifo, Posix.O_RDONLY | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
        try {
            posix.setPipeSize(fd, 1024 * 1024);
        } catch (RuntimeException e) {
            // the default 64 KiB still works; the worker blocks sooner while no master reads
        }
        return fd;
    }

    private void startPumps(int outFd, int errFd) {
        pumps.clear();
        pumps.add(new OutputPump(outFd, id + " stdout", line -> router.line("stdout", line)).start());
        pumps.add(new OutputPump(errFd, id + " stderr", line -> router.line("stderr", line)).start());
    }

    /** The JDK reports a signal death as 128 + signal; that is the best we have until waitid is wired in. */
    private static ExitStatus statusOf(int code) {
        if (code > 128 && code <= 128 + 64) {
            return ExitStatus.signaled(code - 128);
        }
        return ExitStatus.exited(Math.max(0, Math.min(255, code)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void afterLaunch(int newPid, String how) {
        pid = newPid;
        runStart = scheduler.now();
        killedForHealth = false;
        ProcessIdentity.read(newPid).ifPresent(identity ->
                StateDirectory.writeAtomically(stateDir.pidFile(id), newPid + " " + identity.startTimeTicks() + "\n"));
        machine.assignPid(newPid, how);
        startProbes();
        if (config.probes().startup().isEmpty()) {
            machine.moveTo(WorkerState.RUNNING, how);
        }
    }

    /** Re-adopts the process an earlier master started, if its PID file names a live process with the same start time. */
    private boolean tryAdopt() {
        OptionalInt adoptable = adoptablePid();
        if (adoptable.isEmpty()) {
            deleteQuietly(stateDir.pidFile(id));
            return false;
        }
        int oldPid = adoptable.getAsInt();
        Posix posix = Posix.get();
        int outFd;
        int errFd;
        try {
            outFd = posix.open(stateDir.fifo(id, "stdout"), Posix.O_RDONLY | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
            errFd = posix.open(stateDir.fifo(id, "stderr"), Posix.O_RDONLY | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
        } catch (RuntimeException e) {
            log.warn("worker '{}': pid {} still runs but its FIFOs cannot be opened ({}); adopting it without its output",
                    id, oldPid, e.getMessage());
            outFd = -1;
            errFd = -1;
        }
        machine.moveTo(WorkerState.STARTING, "re-adopting pid " + oldPid + " left by an earlier master");
        if (outFd >= 0) {
            startPumps(outFd, errFd);
        }
        if (config.type() == WorkerType.INTEGRATED) {
            StateDirectory.readIfExists(stateDir.portFile(id)).ifPresent(p -> {
                try {
                    port = Integer.parseInt(p.strip());
                } catch (NumberFormatException e) {
                    // no port: the health check says so
                }
            });
        }
        long gen = ++generation;
        ProcessHandle.of(oldPid).ifPresentOrElse(
                handle -> handle.onExit().whenComplete((h, e) -> serial.execute(() ->
                        onExit(gen, oldPid, ExitStatus.unknown("adopted process; exit status unavailable")))),
                () -> serial.execute(() -> onExit(gen, oldPid, ExitStatus.unknown("adopted process; exit status unavailable"))));
        pid = oldPid;
        runStart = scheduler.now();
        machine.assignPid(oldPid, "re-adopted");
        startProbes();
        if (config.probes().startup().isEmpty()) {
            machine.moveTo(WorkerState.RUNNING, "re-adopted");
        }
        return true;
    }

    // ------------------------------------------------------------------ probes

    private void startProbes() {
        closeProbes();
        healthy = false;
        hasHealthProbe = config.probes().healthProbe().isPresent();
        config.probes().startup().ifPresent(p -> probes.add(probe("startup", p)));
        config.probes().readiness().ifPresent(p -> probes.add(probe("readiness", p)));
        config.probes().liveness().ifPresent(p -> probes.add(probe("liveness", p)));
    }

    private ProbeLoop probe(String name, Probe probe) {
        long gen = generation;
        return new ProbeLoop(name, probe, scheduler, blocking, serial, (probeName, passed, detail) -> {
            if (gen == generation) {
                onVerdict(probeName, passed, detail);
            }
        }, () -> pid, () -> port);
    }

    private void closeProbes() {
        probes.forEach(ProbeLoop::close);
        probes.clear();
    }

    private void onVerdict(String probe, boolean passed, String detail) {
        boolean isHealthProbe = config.probes().readiness().isPresent() ? "readiness".equals(probe) : "liveness".equals(probe);
        if (isHealthProbe) {
            healthy = passed;
        }
        events.publish(new WorkerHealthChanged(id, scheduler.now(), 0, probe, passed, detail));
        WorkerState state = machine.state();
        if ("startup".equals(probe) && state == WorkerState.STARTING) {
            if (passed) {
                machine.moveTo(WorkerState.RUNNING, "startup probe passed");
            } else {
                killForHealth("startup probe failed: " + detail);
            }
        } else if ("liveness".equals(probe) && !passed && state == WorkerState.RUNNING) {
            Duration up = Duration.between(runStart, scheduler.now());
            if (up.compareTo(config.restart().startupGracePeriod()) < 0 && config.probes().startup().isEmpty()
                    && !config.restart().startupGracePeriod().isZero()) {
                log.debug("worker '{}': liveness failed inside the startup grace period; not restarting", id);
                return;
            }
            if (config.restart().mode() != RestartMode.NEVER) {
                killForHealth("liveness failed: " + detail);
            }
        }
    }

    private void killForHealth(String why) {
        killedForHealth = true;
        log.info("worker '{}': {}; restarting it", id, why);
        signalGroup(config.stopSignal());
        int p = pid;
        stopTimer.cancel();
        stopTimer = scheduler.schedule(() -> serial.execute(() -> {
            if (pid == p && ProcessTree.groupAlive(p)) {
                signalGroup(Signal.KILL);
            }
        }), config.gracefulTimeout());
    }

    // ------------------------------------------------------------------ exit and restart

    private void onExit(long gen, int exitedPid, ExitStatus status) {
        if (gen != generation) {
            return; // a process of an earlier run
        }
        closeProbes();
        deleteQuietly(stateDir.pidFile(id));
        if (stopping) {
            exitWhileStopping = Optional.of(status);
            return; // the stop poller reports STOPPED once the whole group is gone
        }
        // The leader is gone: nothing of its group may outlive it.
        if (exitedPid > 1) {
            try {
                Posix.get().killGroup(exitedPid, Signal.KILL);
            } catch (RuntimeException e) {
                // already gone
            }
        }
        pid = 0;
        WorkerState state = machine.state();
        if (state != WorkerState.STARTING && state != WorkerState.RUNNING) {
            return;
        }
        RestartMode mode = config.restart().mode();
        boolean success = status.isSuccess(config.restart().successExitCodes());
        boolean health = killedForHealth;
        if (mode == RestartMode.NEVER || (mode == RestartMode.ON_FAILURE && success && !health)) {
            machine.moveTo(WorkerState.EXITED, status.describe(), status);
            return;
        }
        RetrySettings retry = health ? config.restart().healthFailures() : config.restart().onExit();
        RestartBudget budget = health ? healthBudget : exitBudget;
        Optional<Duration> delay = budget.next(runStart, scheduler.now(), retry);
        if (delay.isEmpty()) {
            machine.moveTo(WorkerState.FAILED, status.describe() + "; " + budget.spentReason(retry), status);
            return;
        }
        machine.moveTo(WorkerState.RESTARTING, status.describe() + "; restarting in " + io.hsu.core.Durations.format(
                roundedToMillis(delay.get())), status);
        pendingStart = scheduler.schedule(() -> serial.execute(() -> {
            if (machine.state() == WorkerState.RESTARTING) {
                doStart("restart after " + status.describe());
            }
        }), delay.get());
    }

    private static Duration roundedToMillis(Duration d) {
        return Duration.ofMillis(d.toMillis());
    }

    // ------------------------------------------------------------------ stop

    private void doStop(String reason, boolean onRequest, CompletableFuture<WorkerSnapshot> result) {
        pendingStart.cancel();
        WorkerState state = machine.state();
        if (state == WorkerState.STOPPING && stopped != null) {
            stopped.whenComplete((s, e) -> result.complete(machine.snapshot()));
            return;
        }
        if (state == WorkerState.STOPPED) {
            result.complete(machine.snapshot());
            return;
        }
        if (!state.mayHaveProcess()) {
            machine.tryMoveTo(WorkerState.STOPPED, reason);
            result.complete(machine.snapshot());
            return;
        }
        stopping = true;
        exitWhileStopping = Optional.empty();
        stopped = result;
        closeProbes();
        machine.moveTo(WorkerState.STOPPING, reason);
        int group = pid;
        if (group <= 1) {
            finishStop();
            return;
        }
        signalGroup(config.stopSignal());
        long deadline = scheduler.nanoTime() + config.gracefulTimeout().toNanos();
        pollStop(group, deadline, false);
    }

    private void pollStop(int group, long deadline, boolean killed) {
        if (!ProcessTree.groupAlive(group) && (exitWhileStopping.isPresent() || !ProcessHandle.of(group).map(ProcessHandle::isAlive).orElse(false))) {
            finishStop();
            return;
        }
        boolean kill = !killed && scheduler.nanoTime() - deadline >= 0;
        if (kill) {
            log.info("worker '{}': still running {} after {}; sending SIGKILL to its process group", id,
                    config.stopSignal().signalName(), io.hsu.core.Durations.format(config.gracefulTimeout()));
            signalGroup(Signal.KILL);
        }
        boolean nowKilled = killed || kill;
        stopTimer = scheduler.schedule(() -> serial.execute(() -> pollStop(group, deadline, nowKilled)), POLL);
    }

    private void finishStop() {
        stopping = false;
        pid = 0;
        generation++;
        deleteQuietly(stateDir.pidFile(id));
        String reason = exitWhileStopping.map(ExitStatus::describe).orElse("stopped");
        if (exitWhileStopping.isPresent()) {
            machine.moveTo(WorkerState.STOPPED, reason, exitWhileStopping.get());
        } else {
            machine.moveTo(WorkerState.STOPPED, reason);
        }
        CompletableFuture<WorkerSnapshot> done = stopped;
        stopped = null;
        if (done != null) {
            done.complete(machine.snapshot());
        }
    }

    private void signalGroup(Signal signal) {
        int group = pid;
        if (group <= 1) {
            return;
        }
        try {
            Posix.get().killGroup(group, signal);
        } catch (RuntimeException e) {
            log.warn("worker '{}': {} to process group {} failed: {}", id, signal.signalName(), group, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // stale files are checked by start time before use
        }
    }
}
