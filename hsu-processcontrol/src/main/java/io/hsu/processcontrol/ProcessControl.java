package io.hsu.processcontrol;

import io.hsu.core.ExitStatus;
import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.core.event.EventSource;
import io.hsu.core.internal.Checks;
import io.hsu.core.internal.SerialExecutor;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.PosixException;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.logs.LogStream;
import io.hsu.logs.OutputAttachment;
import io.hsu.logs.OutputCollector;
import io.hsu.processcontrol.internal.PidFiles;
import io.hsu.processcontrol.internal.linux.Discovery;
import io.hsu.processcontrol.internal.linux.LinuxLauncher;
import io.hsu.processcontrol.internal.linux.LinuxProcess;
import io.hsu.statemachine.LifecycleEvent;
import io.hsu.statemachine.WorkerSnapshot;
import io.hsu.statemachine.WorkerState;
import io.hsu.statemachine.WorkerStateMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised worker: starts its process (or adopts the one its PID file names, or attaches to
 * an unmanaged one), watches it, stops its whole process tree, restarts it under its
 * {@link RestartPolicy}, and drives its {@link WorkerStateMachine}.
 *
 * <pre>{@code
 * ProcessConfig config = ProcessConfig.builder(WorkerId.of("web"))
 *         .stateDirectory(Path.of("/run/hsu"))
 *         .execution(ExecutionConfig.of(Path.of("/usr/bin/python3"), "-m", "http.server", "8080"))
 *         .build();
 * try (ProcessControl web = ProcessControl.builder(config).build()) {
 *     web.start().join();            // running, pid known
 *     ...
 *     web.stop().join();             // stopped: the whole tree is gone
 * }
 * }</pre>
 *
 * <p>Thread-safe. Every change runs on the worker's serial executor (one writer); blocking work
 * (spawn, stop, wait) runs on a shared blocking executor and its result is published back on the
 * serial executor. {@link #status()} never blocks. The caller closes it: {@link #close()} stops the
 * process tree (if it runs) and releases the FIFO attachments and the extensions.
 */
public final class ProcessControl implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessControl.class);
    /**
     * Spawns, adoptions, /proc scans and signals: short work, so a few threads serve any fleet.
     * Nothing waits on a thread: exits are pidfd events, grace periods are timers.
     */
    private static final Executor WORK = Shared.WORK;
    /** Spawns and adoptions only, so a start never queues behind the /proc scans of stops. */
    private static final Executor SPAWN = Shared.SPAWN;

    private final WorkerId id;
    private final ProcessConfig config;     // null for an unmanaged worker
    private final AttachConfig attach;      // null for a managed worker
    private final Scheduler scheduler;
    private final RestartPolicy policy;
    private final OutputCollector collector;
    private final List<WorkerExtension> extensions;
    private final SerialExecutor serial;
    private final WorkerStateMachine machine;
    private final EventPublisher<ProcessEvent> events = new EventPublisher<>();
    private final LinuxLauncher launcher;

    private final java.util.concurrent.atomic.AtomicBoolean firstLaunch = new java.util.concurrent.atomic.AtomicBoolean(true);

    // Owned by the serial executor.
    private long generation;
    private LinuxProcess process;
    private volatile boolean adopted;        // written on serial, read by status()
    private volatile Instant lastStart;      // written on serial, read by status()
    private RestartHistory history = RestartHistory.empty();
    private Scheduler.Cancellable pending = Scheduler.Cancellable.NONE;
    private volatile Instant circuitOpenUntil;   // written on serial, read by status()
    private CompletableFuture<WorkerSnapshot> stopping;
    private int startupPending;                          // extensions still holding STARTING
    private CompletableFuture<WorkerSnapshot> startupResult;   // the start waiting for them
    private boolean startAfterStop;
    private final List<CompletableFuture<WorkerSnapshot>> startAfterStopWaiters = new ArrayList<>();
    private ExitStatus exitDuringStop;
    private OutputAttachment stdout;
    private OutputAttachment stderr;
    private boolean closed;

    private ProcessControl(Builder b) {
        this.config = b.config;
        this.attach = b.attach;
        this.id = config != null ? config.workerId() : attach.workerId();
        this.scheduler = b.scheduler;
        this.policy = b.policy != null ? b.policy
                : RestartPolicy.of(config != null ? config.restart() : RestartConfig.ofDefaults(), b.random);
        this.collector = b.collector != null ? b.collector : Shared.discarding();
        this.extensions = List.copyOf(b.extensions);
        this.serial = new SerialExecutor("worker " + id);
        this.machine = WorkerStateMachine.builder(id).clock(scheduler.clock()).executor(serial).build();
        this.launcher = new LinuxLauncher();
        WorkerExtension.Context context = new ExtensionContext();
        for (WorkerExtension extension : extensions) {
            extension.bind(context);
        }
    }

    /** A builder for a managed worker. */
    public static Builder builder(ProcessConfig config) {
        return new Builder(Checks.notNull(config, "config"), null);
    }

    /** A builder for an unmanaged worker, found as {@code attach} says. */
    public static Builder attaching(AttachConfig attach) {
        return new Builder(null, Checks.notNull(attach, "attach"));
    }

    public WorkerId id() {
        return id;
    }

    /** The latest status; any thread, never blocks (extensions answer {@link WorkerExtension#status()} at once). */
    public WorkerStatus status() {
        Map<String, Object> ext = new LinkedHashMap<>();
        for (WorkerExtension extension : extensions) {
            Object s = extension.status();
            if (s != null) {
                ext.put(extension.name(), s);
            }
        }
        return new WorkerStatus(machine.snapshot(), Optional.ofNullable(lastStart), adopted,
                Optional.ofNullable(circuitOpenUntil), ext);
    }

    /** The latest lifecycle snapshot; any thread, never blocks. */
    public WorkerSnapshot snapshot() {
        return machine.snapshot();
    }

    /** State changes and pid assignments, delivered on the worker's serial executor in order. */
    public EventSource<LifecycleEvent> lifecycle() {
        return machine.events();
    }

    /** Process events (started, exited, restart scheduled, circuit opened), on the serial executor. */
    public EventSource<ProcessEvent> events() {
        return events;
    }

    /** The state machine this worker drives (for the master's bookkeeping); write through this class only. */
    public WorkerStateMachine stateMachine() {
        return machine;
    }

    /**
     * Starts the worker: spawns its process, or adopts the live process its PID file names (same
     * pid and start time), or, for an unmanaged worker, finds and verifies its process. A start
     * resets the restart history and closes an open circuit. Starting a worker that has a process
     * completes at once with the current snapshot.
     *
     * @return completes with the running snapshot, or fails with {@link SpawnFailedException} /
     *     {@link AttachFailedException} (the worker is then failed, with the same message as reason)
     */
    public CompletableFuture<WorkerSnapshot> start() {
        CompletableFuture<WorkerSnapshot> result = new CompletableFuture<>();
        serial.execute(() -> {
            if (refuseClosed(result)) {
                return;
            }
            WorkerState state = machine.state();
            if (state == WorkerState.STARTING || state == WorkerState.RUNNING) {
                result.complete(machine.snapshot());
                return;
            }
            if (state == WorkerState.STOPPING) {
                startAfterStop = true;
                startAfterStopWaiters.add(result);
                return;
            }
            pending.cancel();
            history = RestartHistory.empty();
            circuitOpenUntil = null;
            machine.moveTo(WorkerState.STARTING, attach != null ? "attach requested" : "start requested");
            launch(result);
        });
        return result;
    }

    /**
     * Stops the worker: the stop signal to every process of its tree, the graceful timeout, then
     * SIGKILL; completes once the whole tree is gone, in {@code stopped}, with a reason that says
     * whether SIGKILL was needed. A worker without a process moves to {@code stopped} at once.
     *
     * @return fails with {@link ControlRefusedException} for an unmanaged worker without
     *     {@code can_terminate}, or {@link StopFailedException} when a process outlives SIGKILL
     */
    public CompletableFuture<WorkerSnapshot> stop() {
        CompletableFuture<WorkerSnapshot> result = new CompletableFuture<>();
        serial.execute(() -> stopOnSerial(result, false));
        return result;
    }

    /**
     * Restarts the worker: a graceful stop of the tree, then a start. Without {@code force} it is
     * refused while the circuit is open; {@code force} also clears the restart history.
     *
     * @return completes with the running snapshot after the new start
     */
    public CompletableFuture<WorkerSnapshot> restart(boolean force) {
        CompletableFuture<WorkerSnapshot> result = new CompletableFuture<>();
        serial.execute(() -> {
            if (refuseClosed(result)) {
                return;
            }
            if (attach != null && !attach.canRestart()) {
                result.completeExceptionally(new ControlRefusedException("worker '" + id
                        + "': restart refused: control.can_restart is false for this unmanaged worker"));
                return;
            }
            if (attach != null) {
                // HSU cannot start an unmanaged process again by itself; stopping it would only lose it.
                result.completeExceptionally(new ControlRefusedException("worker '" + id
                        + "': restart refused: restarting an unmanaged worker needs a service_manager, which is not"
                        + " supported yet; stop it and let its own supervisor start it"));
                return;
            }
            Instant now = scheduler.now();
            if (!force && circuitOpenUntil != null && now.isBefore(circuitOpenUntil)) {
                result.completeExceptionally(new ControlRefusedException("worker '" + id + "': restart refused: circuit open until "
                        + circuitOpenUntil + "; use a forced restart to override"));
                return;
            }
            if (force) {
                history = RestartHistory.empty();
            }
            circuitOpenUntil = null;
            WorkerState state = machine.state();
            if (state.mayHaveProcess()) {
                startAfterStop = true;
                startAfterStopWaiters.add(result);
                if (state != WorkerState.STOPPING) {
                    stopOnSerial(new CompletableFuture<>(), true);
                }
                return;
            }
            pending.cancel();
            machine.moveTo(WorkerState.STARTING, "restart requested");
            launch(result);
        });
        return result;
    }

    /**
     * Sends {@code signal} to the worker's process (not its tree), after checking the pid still
     * names the process that was started or found. For an unmanaged worker only the signals in
     * {@code allowed_signals} may be sent.
     *
     * @return completes with true if the signal was delivered, false if there is no process; fails
     *     with {@link ControlRefusedException} for a signal an unmanaged worker does not allow
     */
    public CompletableFuture<Boolean> signal(io.hsu.core.posix.Signal signal) {
        Checks.notNull(signal, "signal");
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        serial.execute(() -> {
            if (attach != null && !attach.allowedSignals().contains(signal)) {
                result.completeExceptionally(new ControlRefusedException("worker '" + id + "': signal "
                        + signal.name() + " refused: not in control.allowed_signals " + attach.allowedSignals()));
                return;
            }
            LinuxProcess p = process;
            if (p == null || !ProcessIdentity.isStillRunning(p.pid(), p.startTicks())) {
                result.complete(false);
                return;
            }
            try {
                result.complete(Posix.get().kill(p.pid(), signal));
            } catch (PosixException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Stops the tree if it runs (waiting at most the graceful timeout plus the kill wait), closes
     * the output attachments, removes the FIFOs and closes the extensions. Idempotent.
     */
    @Override
    public void close() {
        CompletableFuture<WorkerSnapshot> stopped = new CompletableFuture<>();
        serial.execute(() -> {
            if (attach != null && !attach.canTerminate()) {
                pending.cancel();
                generation++;
                stopped.complete(machine.snapshot());
            } else {
                stopOnSerial(stopped, false);
            }
        });
        try {
            stopped.get(gracefulTimeout().toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("worker '{}': stop during close failed: {}", id, e.getMessage());
        }
        CompletableFuture<Void> released = new CompletableFuture<>();
        serial.execute(() -> {
            closed = true;
            pending.cancel();
            released.complete(null);
        });
        released.join();
        closeOutput();
        for (WorkerExtension extension : extensions) {
            try {
                extension.close();
            } catch (RuntimeException e) {
                log.warn("worker '{}': closing extension {} failed", id, extension.name(), e);
            }
        }
    }

    // ------------------------------------------------------------------ launching (serial)

    private void launch(CompletableFuture<WorkerSnapshot> result) {
        long gen = ++generation;
        SPAWN.execute(() -> {
            try {
                Launched launched = attach != null ? discover() : spawnOrAdopt(contributions());
                if (attach == null && !launched.adopted) {
                    writePidFile(launched.process);
                }
                serial.execute(() -> launched(gen, launched, result));
            } catch (RuntimeException e) {
                serial.execute(() -> launchFailed(gen, e, result));
            }
        });
    }

    /** Off the serial executor: adopt the PID file's process if it is still the same one, else spawn. */
    private Launched spawnOrAdopt(LaunchContribution chain) {
        Path pidFile = config.pidFile();
        ensureOutput();
        if (firstLaunch.getAndSet(false) && Files.exists(pidFile)) {
            // Only the first start of this control looks for a process to re-adopt (a master
            // restart); later starts know the previous process is gone.
            try {
                PidFiles.Content content = PidFiles.read(pidFile);
                if (content.startTicks().isPresent()
                        && ProcessIdentity.isStillRunning(content.pid(), content.startTicks().getAsLong())) {
                    LinuxProcess p = launcher.adopt(id, content.pid(), content.startTicks().getAsLong(),
                            "PID file " + pidFile);
                    return new Launched(p, true);
                }
                log.info("worker '{}': PID file {} names pid {} which is gone or now another process; starting anew",
                        id, pidFile, content.pid());
            } catch (AttachFailedException e) {
                log.info("worker '{}': ignoring stale PID file: {}", id, e.getMessage());
            }
            PidFiles.remove(pidFile);
        }
        LinuxProcess p = launcher.launch(id, config.execution(), chain, fifo(LogStream.STDOUT), fifo(LogStream.STDERR));
        return new Launched(p, false);
    }

    /** Off the serial executor, before the start is published, so the file and the state agree. */
    private void writePidFile(LinuxProcess p) {
        try {
            PidFiles.write(config.pidFile(), p.pid(), p.startTicks());
        } catch (RuntimeException e) {
            log.warn("worker '{}': {}", id, e.getMessage());
        }
    }

    private Launched discover() {
        Discovery.Found found = Discovery.find(attach);
        return new Launched(launcher.adopt(id, found.pid(), found.startTicks(), found.source()), true);
    }

    private void launched(long gen, Launched launched, CompletableFuture<WorkerSnapshot> result) {
        LinuxProcess p = launched.process;
        if (gen != generation || closed) {
            // Stopped (or closed) while the spawn was in flight: stop what we just started (never an
            // unmanaged process HSU may not terminate). A stop waiting for this spawn finishes
            // only when its tree is gone.
            boolean stopWaits = machine.state() == WorkerState.STOPPING && stopping != null && process == null;
            if (attach == null || attach.canTerminate()) {
                stopTree(p).thenAccept(report -> {
                    if (config != null) {
                        removePidFileOf(p.pid());
                    }
                    if (stopWaits) {
                        serial.execute(() -> finishStop(p, report));
                    }
                });
            } else if (stopWaits) {
                finishStop(null, null);
            }
            result.completeExceptionally(new ControlRefusedException("worker '" + id + "': start cancelled by a stop"));
            return;
        }
        process = p;
        adopted = launched.adopted;
        lastStart = scheduler.now();
        p.unitPids(this::unitPids);
        String reason = launched.adopted ? "adopted pid " + p.pid() : "started pid " + p.pid();
        int holders = (int) extensions.stream().filter(WorkerExtension::holdsStarting).count();
        WorkerSnapshot snapshot = holders > 0
                ? machine.assignPid(p.pid(), reason + "; waiting for the startup probe")
                : machine.moveTo(WorkerState.RUNNING, reason, p.pid());
        if (stdout != null) {
            stdout.processStarted(p.pid());
            stderr.processStarted(p.pid());
        }
        events.publish(new ProcessEvent.Started(id, lastStart, snapshot.sequence(), p.pid(), launched.adopted));
        p.exit().thenAccept(exit -> serial.execute(() -> exited(gen, p, exit)));
        if (holders > 0) {
            startupPending = holders;
            startupResult = result;
        } else {
            result.complete(snapshot);
        }
        WorkerExtension.StartedProcess started = new WorkerExtension.StartedProcess(p.pid(), p.startTicks(),
                launched.adopted);
        for (WorkerExtension extension : extensions) {
            extension.processStarted(started);
        }
    }

    /** An extension's startup probe passed for {@code pid}. */
    private void startupSucceeded(long pid) {
        if (process == null || process.pid() != pid || machine.state() != WorkerState.STARTING || startupPending <= 0) {
            return;
        }
        if (--startupPending == 0) {
            WorkerSnapshot s = machine.moveTo(WorkerState.RUNNING, "startup probe passed (pid " + pid + ")", pid);
            completeStartup(s, null);
        }
    }

    /** An extension's startup probe gave up on {@code pid}: stop its tree, let the policy decide. */
    private void startupFailed(long pid, String reason) {
        if (process == null || process.pid() != pid || machine.state() != WorkerState.STARTING) {
            return;
        }
        LinuxProcess p = process;
        process = null;
        startupPending = 0;
        removePidFile();
        String what = "startup probe failed: " + reason;
        completeStartup(null, new SpawnFailedException("worker '" + id + "': " + what, null));
        // No grace period for the startup probe's own verdict: decide as if the process never ran.
        RestartDecision decision = policy.decide(RestartContext.failure(RestartTrigger.HEALTH_FAILURE, Severity.CRITICAL,
                history, null, scheduler.now()));
        CompletableFuture<Void> stopped = stopTree(p).thenApply(r -> (Void) null);
        if (decision instanceof RestartDecision.NoRestart || decision instanceof RestartDecision.Ignored) {
            machine.moveTo(WorkerState.FAILED, what + "; " + decision.reason());
        } else {
            apply(decision, RestartTrigger.HEALTH_FAILURE, null, stopped);
        }
    }

    private void completeStartup(WorkerSnapshot running, RuntimeException failure) {
        CompletableFuture<WorkerSnapshot> waiter = startupResult;
        startupResult = null;
        if (waiter != null) {
            if (failure != null) {
                waiter.completeExceptionally(failure);
            } else {
                waiter.complete(running);
            }
        }
    }

    /** What the extensions add to the launch chain; off the serial executor (they may create cgroups). */
    private LaunchContribution contributions() {
        LaunchContribution contribution = LaunchContribution.none();
        for (WorkerExtension extension : extensions) {
            contribution = contribution.plus(extension.beforeLaunch());
        }
        return contribution;
    }

    /** The pids of the worker's unit (cgroup) from the extensions; called off the serial executor. */
    private List<Long> unitPids() {
        List<Long> pids = new ArrayList<>();
        for (WorkerExtension extension : extensions) {
            try {
                pids.addAll(extension.unitPids());
            } catch (RuntimeException e) {
                log.debug("worker '{}': extension {} cannot list its unit: {}", id, extension.name(), e.toString());
            }
        }
        return pids;
    }

    private void launchFailed(long gen, RuntimeException e, CompletableFuture<WorkerSnapshot> result) {
        RuntimeException error = e instanceof ProcessControlException ? e
                : new SpawnFailedException("worker '" + id + "': cannot start: " + e.getMessage(), e);
        if (gen == generation && machine.state() == WorkerState.STARTING) {
            machine.moveTo(WorkerState.FAILED, error.getMessage());
        } else if (machine.state() == WorkerState.STOPPING && stopping != null && process == null) {
            finishStop(null, null);   // a stop was waiting for this spawn
        }
        result.completeExceptionally(error);
    }

    // ------------------------------------------------------------------ exits (serial)

    /**
     * The extensions' view of an exit, once per process whichever path sees it first (the exit
     * event, or a stop that finished before the event was handled); null if already handled.
     */
    private ExitStatus refineExit(LinuxProcess p, ExitStatus rawStatus) {
        if (!p.markExitHandled()) {
            return null;
        }
        ExitStatus exit = rawStatus;
        for (WorkerExtension extension : extensions) {
            exit = extension.processExited(exit);
        }
        return exit;
    }

    /** Records the exit of the current process: no process, no pending startup, an Exited event. */
    private void recordExit(LinuxProcess p, ExitStatus exit) {
        process = null;
        startupPending = 0;
        completeStartup(null, new SpawnFailedException("worker '" + id + "': process " + p.pid() + " "
                + exit.describe() + " before it was running", null));
        events.publish(new ProcessEvent.Exited(id, scheduler.now(), machine.snapshot().sequence(), p.pid(), exit));
    }

    private void exited(long gen, LinuxProcess p, ExitStatus rawStatus) {
        ExitStatus exit = refineExit(p, rawStatus);
        if (exit == null || p != process) {
            return;   // handled by a stop already, or a process we gave up on (killed for a restart, or stale)
        }
        recordExit(p, exit);
        if (machine.state() == WorkerState.STOPPING) {
            exitDuringStop = exit;   // the stop in progress reports it
            return;
        }
        if (gen != generation) {
            return;
        }
        if (config != null) {
            removePidFile();
        }
        // Leftovers of the old tree (a grandchild holding the port) go before anything restarts.
        CompletableFuture<Void> cleaned = cleanUp(p);
        if (attach != null) {
            machine.moveTo(WorkerState.EXITED, "process " + p.pid() + " is gone (" + exit.describe() + ")", exit);
            scheduleRediscovery();
            return;
        }
        RestartDecision decision = policy.decide(RestartContext.exit(exit, history, lastStart, scheduler.now()));
        apply(decision, RestartTrigger.PROCESS_EXIT, exit, cleaned);
    }

    private void apply(RestartDecision decision, RestartTrigger trigger, ExitStatus exit, CompletableFuture<Void> cleaned) {
        Instant now = scheduler.now();
        if (decision instanceof RestartDecision.RestartAfter) {
            RestartDecision.RestartAfter restart = (RestartDecision.RestartAfter) decision;
            history = history.with(now, trigger).forgetBefore(now.minus(windowOf()));
            WorkerSnapshot s = exit != null ? machine.moveTo(WorkerState.RESTARTING, restart.reason(), exit)
                    : machine.moveTo(WorkerState.RESTARTING, restart.reason());
            events.publish(new ProcessEvent.RestartScheduled(id, now, s.sequence(), trigger, restart.attempt(),
                    restart.delay(), restart.reason()));
            long gen = ++generation;
            if (restart.delay().isZero() && cleaned.isDone()) {
                restartDue(gen);
            } else if (restart.delay().isZero()) {
                cleaned.whenComplete((v, e) -> serial.execute(() -> restartDue(gen)));
            } else {
                pending = scheduler.schedule(() -> cleaned.whenComplete((v, e) -> serial.execute(() -> restartDue(gen))),
                        restart.delay());
            }
        } else if (decision instanceof RestartDecision.CircuitOpen) {
            RestartDecision.CircuitOpen open = (RestartDecision.CircuitOpen) decision;
            circuitOpenUntil = open.retryAt();
            WorkerSnapshot s = exit != null ? machine.moveTo(WorkerState.FAILED, open.reason(), exit)
                    : machine.moveTo(WorkerState.FAILED, open.reason());
            events.publish(new ProcessEvent.CircuitOpened(id, now, s.sequence(), open.retryAt(), open.reason()));
        } else if (decision instanceof RestartDecision.NoRestart) {
            if (exit != null) {
                machine.moveTo(WorkerState.EXITED, decision.reason(), exit);
            } else {
                log.info("worker '{}': {}", id, decision.reason());
            }
        } else {
            log.info("worker '{}': {}", id, decision.reason());
        }
    }

    private void restartDue(long gen) {
        if (gen != generation || closed || machine.state() != WorkerState.RESTARTING) {
            return;
        }
        machine.moveTo(WorkerState.STARTING, "restarting");
        launch(new CompletableFuture<>());
    }

    /** A health failure or resource violation reported by an extension. */
    private void failureReported(RestartTrigger trigger, Severity severity, String reason) {
        if (closed || machine.state() != WorkerState.RUNNING || process == null || attach != null) {
            return;
        }
        RestartDecision decision = policy.decide(RestartContext.failure(trigger, severity, history, lastStart,
                scheduler.now()));
        if (decision instanceof RestartDecision.Ignored || decision instanceof RestartDecision.NoRestart) {
            log.info("worker '{}': {}: {}", id, reason, decision.reason());
            return;
        }
        LinuxProcess p = process;
        process = null;   // its exit is expected now
        removePidFile();
        apply(decision, trigger, null, stopTree(p).thenApply(report -> (Void) null));
    }

    private CompletableFuture<Void> cleanUp(LinuxProcess p) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!p.spawned() && attach != null) {
            done.complete(null);   // an unmanaged process's relatives are not ours
            return done;
        }
        Executor checker = WORK;
        if (p.spawned() && p.probablyGone()) {
            // Nothing left that could hold a port: restart at once, and make sure a little later,
            // when the full /proc scan no longer competes with the new spawn.
            done.complete(null);
            checker = CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS, WORK);
        }
        checker.execute(() -> {
            try {
                if (!p.treeAlive()) {
                    done.complete(null);
                    return;
                }
                stopTree(p).whenComplete((report, e) -> {
                    if (report != null) {
                        log.info("worker '{}': stopped what was left of the tree of pid {}{}", id, p.pid(),
                                report.killed() ? " (SIGKILL: " + report.killedProcesses() + ")" : "");
                    }
                    done.complete(null);
                });
            } catch (RuntimeException e) {
                log.warn("worker '{}': cleaning up the tree of pid {} failed", id, p.pid(), e);
                done.complete(null);
            }
        });
        return done;
    }

    /** Stops {@code p}'s tree without holding a thread during the graceful timeout. */
    private CompletableFuture<LinuxProcess.StopReport> stopTree(LinuxProcess p) {
        return p.stopAsync(stopSignal(), gracefulTimeout(), this::killAllExtensions, WORK);
    }

    // ------------------------------------------------------------------ stopping (serial)

    private void stopOnSerial(CompletableFuture<WorkerSnapshot> result, boolean forRestart) {
        stopOnSerial(result, forRestart, false, null);
    }

    private void stopOnSerial(CompletableFuture<WorkerSnapshot> result, boolean forRestart, boolean immediate,
                              String why) {
        WorkerState state = machine.state();
        if (attach != null && !attach.canTerminate() && (state.mayHaveProcess())) {
            result.completeExceptionally(new ControlRefusedException("worker '" + id
                    + "': stop refused: control.can_terminate is false for this unmanaged worker"));
            return;
        }
        if (!forRestart) {
            startAfterStop = false;
        }
        if (state == WorkerState.STOPPED) {
            result.complete(machine.snapshot());
            return;
        }
        if (state == WorkerState.STOPPING) {
            stopping.whenComplete((s, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(s);
                }
            });
            return;
        }
        pending.cancel();
        generation++;
        if (!state.mayHaveProcess()) {
            machine.moveTo(WorkerState.STOPPED, "stop requested");
            result.complete(machine.snapshot());
            return;
        }
        stopping = result;
        exitDuringStop = null;
        startupPending = 0;
        completeStartup(null, new ControlRefusedException("worker '" + id + "': start cancelled by a stop"));
        LinuxProcess p = process;
        if (p == null) {
            // STARTING with the spawn in flight: launched() sees the new generation, stops what it
            // started and finishes this stop (or launchFailed() does, if the spawn failed).
            machine.moveTo(WorkerState.STOPPING, "stop requested while starting");
            return;
        }
        String request = why != null ? why + ": " : forRestart ? "restart requested: " : "stop requested: ";
        machine.moveTo(WorkerState.STOPPING, request + (immediate ? "SIGKILL to the process tree"
                : stopSignal().signalName() + " to the process tree, SIGKILL after "
                + io.hsu.core.Durations.format(gracefulTimeout())));
        (immediate ? p.stopAsync(io.hsu.core.posix.Signal.KILL, Duration.ZERO, this::killAllExtensions, WORK) : stopTree(p))
                .thenAccept(report -> serial.execute(() -> finishStop(p, report)));
    }

    private void finishStop(LinuxProcess p, LinuxProcess.StopReport report) {
        CompletableFuture<WorkerSnapshot> result = stopping;
        stopping = null;
        if (report != null && !report.survivors().isEmpty()) {
            StopFailedException failure = new StopFailedException("worker '" + id + "': processes outlived SIGKILL: "
                    + report.survivors());
            result.completeExceptionally(failure);
            failWaiters(failure);
            return;
        }
        if (p != null && p == process && p.exit().isDone()) {
            // The tree is gone before the leader's exit event was handled: record it here.
            ExitStatus refined = refineExit(p, p.exit().join());
            if (refined != null) {
                recordExit(p, refined);
                exitDuringStop = refined;
            }
        }
        if (p != null && p == process) {
            process = null;
        }
        if (config != null) {
            removePidFile();
        }
        String reason = report == null || !report.killed() ? "stopped"
                : "stopped: SIGKILL after the graceful timeout of " + io.hsu.core.Durations.format(gracefulTimeout())
                + " (" + String.join(", ", report.killedProcesses()) + ")";
        ExitStatus exit = exitDuringStop;
        if (startAfterStop && !closed) {
            startAfterStop = false;
            if (exit != null) {
                machine.moveTo(WorkerState.STARTING, "restart requested; " + reason, exit);
            } else {
                machine.moveTo(WorkerState.STARTING, "restart requested; " + reason);
            }
            result.complete(machine.snapshot());
            List<CompletableFuture<WorkerSnapshot>> waiters = new ArrayList<>(startAfterStopWaiters);
            startAfterStopWaiters.clear();
            CompletableFuture<WorkerSnapshot> started = new CompletableFuture<>();
            started.whenComplete((s, e) -> waiters.forEach(w -> {
                if (e != null) {
                    w.completeExceptionally(e);
                } else {
                    w.complete(s);
                }
            }));
            launch(started);
            return;
        }
        WorkerSnapshot s = exit != null ? machine.moveTo(WorkerState.STOPPED, reason, exit)
                : machine.moveTo(WorkerState.STOPPED, reason);
        result.complete(s);
        failWaiters(new ControlRefusedException("worker '" + id + "': start cancelled by a stop"));
    }

    private void failWaiters(RuntimeException e) {
        List<CompletableFuture<WorkerSnapshot>> waiters = new ArrayList<>(startAfterStopWaiters);
        startAfterStopWaiters.clear();
        startAfterStop = false;
        waiters.forEach(w -> w.completeExceptionally(e));
    }

    // ------------------------------------------------------------------ unmanaged rediscovery

    private void scheduleRediscovery() {
        long gen = generation;
        pending = scheduler.schedule(() -> serial.execute(() -> {
            if (gen != generation || closed || machine.state() != WorkerState.EXITED) {
                return;
            }
            WORK.execute(() -> {
                try {
                    Launched found = discover();
                    serial.execute(() -> {
                        if (gen != generation || closed || machine.state() != WorkerState.EXITED) {
                            return;
                        }
                        machine.moveTo(WorkerState.STARTING, "found again: pid " + found.process.pid());
                        launched(++generation, found, new CompletableFuture<>());
                    });
                } catch (RuntimeException e) {
                    serial.execute(this::scheduleRediscovery);
                }
            });
        }), attach.checkInterval());
    }

    // ------------------------------------------------------------------ helpers

    private boolean refuseClosed(CompletableFuture<WorkerSnapshot> result) {
        if (closed) {
            result.completeExceptionally(new ControlRefusedException("worker '" + id + "': process control is closed"));
        }
        return closed;
    }

    private boolean killAllExtensions() {
        boolean killed = false;
        for (WorkerExtension extension : extensions) {
            try {
                killed |= extension.killAll();
            } catch (RuntimeException e) {
                log.warn("worker '{}': extension {} failed to kill its unit", id, extension.name(), e);
            }
        }
        return killed;
    }

    private io.hsu.core.posix.Signal stopSignal() {
        return config != null ? config.stopSignal() : io.hsu.core.posix.Signal.TERM;
    }

    private Duration gracefulTimeout() {
        return config != null ? config.gracefulTimeout() : attach.gracefulTimeout();
    }

    private Duration windowOf() {
        return config != null ? config.restart().window() : RestartConfig.ofDefaults().window();
    }

    /** Removes the PID file only if it still names {@code pid} (a later start may have replaced it). */
    private void removePidFileOf(int pid) {
        try {
            if (Files.exists(config.pidFile()) && PidFiles.read(config.pidFile()).pid() == pid) {
                PidFiles.remove(config.pidFile());
            }
        } catch (RuntimeException e) {
            log.debug("worker '{}': {}", id, e.getMessage());
        }
    }

    private void removePidFile() {
        if (config == null) {
            return;
        }
        try {
            PidFiles.remove(config.pidFile());
        } catch (RuntimeException e) {
            log.warn("worker '{}': {}", id, e.getMessage());
        }
    }

    private Path fifo(LogStream stream) {
        return config.stateDirectory().resolve(id.value().replace('#', '_') + "." + stream.label());
    }

    /** Creates the FIFOs and attaches the collector, once; called off the serial executor before a spawn. */
    private synchronized void ensureOutput() {
        if (stdout != null) {
            return;
        }
        try {
            Files.createDirectories(config.stateDirectory());
        } catch (IOException e) {
            throw new SpawnFailedException("worker '" + id + "': cannot create the state directory "
                    + config.stateDirectory() + ": " + e.getMessage(), e);
        }
        for (LogStream stream : LogStream.values()) {
            Path fifo = fifo(stream);
            try {
                if (Files.exists(fifo) && !isFifo(fifo)) {
                    Files.delete(fifo);
                }
                if (!Files.exists(fifo)) {
                    Posix.get().mkfifo(fifo, 0600);
                }
            } catch (IOException | PosixException e) {
                throw new SpawnFailedException("worker '" + id + "': cannot create the output FIFO " + fifo + ": "
                        + e.getMessage(), e);
            }
        }
        stdout = collector.attach(id, LogStream.STDOUT, fifo(LogStream.STDOUT));
        stderr = collector.attach(id, LogStream.STDERR, fifo(LogStream.STDERR));
    }

    private synchronized void closeOutput() {
        if (stdout == null) {
            return;
        }
        stdout.close();
        stderr.close();
        stdout = null;
        stderr = null;
        for (LogStream stream : LogStream.values()) {
            try {
                Files.deleteIfExists(fifo(stream));
            } catch (IOException e) {
                log.debug("cannot remove {}: {}", fifo(stream), e.getMessage());
            }
        }
    }

    private static boolean isFifo(Path path) throws IOException {
        Object type = Files.getAttribute(path, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return type instanceof Integer && (((Integer) type) & 0170000) == 0010000;
    }

    @Override
    public String toString() {
        return "ProcessControl[" + id + ", " + machine.state().displayName() + "]";
    }

    private static final class Launched {
        final LinuxProcess process;
        final boolean adopted;

        Launched(LinuxProcess process, boolean adopted) {
            this.process = process;
            this.adopted = adopted;
        }
    }

    private final class ExtensionContext implements WorkerExtension.Context {
        @Override
        public WorkerId workerId() {
            return id;
        }

        @Override
        public WorkerSnapshot snapshot() {
            return machine.snapshot();
        }

        @Override
        public void reportFailure(RestartTrigger trigger, Severity severity, String reason) {
            Checks.argument(trigger == RestartTrigger.HEALTH_FAILURE || trigger == RestartTrigger.RESOURCE_VIOLATION,
                    "trigger must be HEALTH_FAILURE or RESOURCE_VIOLATION, but was %s", trigger);
            Checks.notNull(severity, "severity");
            serial.execute(() -> failureReported(trigger, severity, reason));
        }

        @Override
        public void startupSucceeded(long pid) {
            serial.execute(() -> ProcessControl.this.startupSucceeded(pid));
        }

        @Override
        public void startupFailed(long pid, String reason) {
            serial.execute(() -> ProcessControl.this.startupFailed(pid, reason));
        }

        @Override
        public void requestStop(String reason, boolean immediate) {
            serial.execute(() -> {
                if (!closed && machine.state().mayHaveProcess() && machine.state() != WorkerState.STOPPING) {
                    stopOnSerial(new CompletableFuture<>(), false, immediate, reason);
                }
            });
        }
    }

    /** Shared, lazily created: the blocking executor and the default discarding collector. */
    private static final class Shared {
        static final ExecutorService WORK = workPool("hsu-process");
        static final ExecutorService SPAWN = workPool("hsu-spawn");
        private static OutputCollector discarding;

        private static ExecutorService workPool(String name) {
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads,
                    30, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                    io.hsu.core.internal.Threads.daemonFactory(name));
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }

        static synchronized OutputCollector discarding() {
            if (discarding == null) {
                discarding = OutputCollector.discarding();
            }
            return discarding;
        }
    }

    /** Builds a {@link ProcessControl}. Not thread-safe. */
    public static final class Builder {
        private final ProcessConfig config;
        private final AttachConfig attach;
        private Scheduler scheduler = Scheduler.system();
        private RestartPolicy policy;
        private RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        private OutputCollector collector;
        private final List<WorkerExtension> extensions = new ArrayList<>();

        private Builder(ProcessConfig config, AttachConfig attach) {
            this.config = config;
            this.attach = attach;
        }

        /** Time and delayed tasks; {@link Scheduler#system()} by default, a fake in tests. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Checks.notNull(scheduler, "scheduler");
            return this;
        }

        /** Replaces the standard policy built from the config's {@link RestartConfig}. */
        public Builder restartPolicy(RestartPolicy policy) {
            this.policy = Checks.notNull(policy, "policy");
            return this;
        }

        /** The source of jitter for the standard policy. */
        public Builder random(RandomGenerator random) {
            this.random = Checks.notNull(random, "random");
            return this;
        }

        /**
         * Where the worker's stdout and stderr FIFOs are drained; by default a JVM-wide collector
         * that discards (so a child never blocks on a full pipe). The caller keeps ownership.
         */
        public Builder outputCollector(OutputCollector collector) {
            this.collector = Checks.notNull(collector, "collector");
            return this;
        }

        /** Adds a health or resource extension; {@link ProcessControl#close()} closes it. */
        public Builder extension(WorkerExtension extension) {
            extensions.add(Checks.notNull(extension, "extension"));
            return this;
        }

        public ProcessControl build() {
            return new ProcessControl(this);
        }
    }
}
