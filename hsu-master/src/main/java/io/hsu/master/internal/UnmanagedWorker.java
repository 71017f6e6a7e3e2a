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
import io.hsu.master.config.DiscoveryConfig;
import io.hsu.master.config.Probe;
import io.hsu.master.config.UnmanagedControl;
import io.hsu.master.config.WorkerConfig;
import io.hsu.statemachine.WorkerSnapshot;
import io.hsu.statemachine.WorkerState;
import io.hsu.statemachine.WorkerStateMachine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * An unmanaged worker: a process HSU did not start, found by its discovery settings and watched.
 * Running while its process is found, exited (status unknown) when it disappears, running again
 * when discovery finds it (looked for every {@code check_interval}). Stop signals it only when
 * {@code can_terminate} allows; otherwise stop detaches and the process keeps running.
 *
 * <p>Concurrency: one writer, the serial executor, as {@link ManagedWorker}. A stand-in for
 * hsu-processcontrol's attach until that module is wired in; discovery by pid-file, process-name,
 * cmdline and port is implemented here (the others say so when used).
 */
final class UnmanagedWorker implements WorkerRuntime {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UnmanagedWorker.class);

    private final WorkerConfig config;
    private final WorkerId id;
    private final DiscoveryConfig discovery;
    private final UnmanagedControl control;
    private final Scheduler scheduler;
    private final ExecutorService blocking;
    private final SerialExecutor serial;
    private final WorkerStateMachine machine;
    private final EventPublisher<WorkerEvent> events = new EventPublisher<>();
    private final List<ProbeLoop> probes = new ArrayList<>();
    private volatile int pid;
    private volatile boolean healthy;
    private long startTicks;
    private long generation;
    private boolean watching;
    private Scheduler.Cancellable rediscovery = Scheduler.Cancellable.NONE;

    UnmanagedWorker(WorkerConfig config, StateDirectory stateDirectory, Scheduler scheduler, ExecutorService blocking) {
        this.config = config;
        this.id = config.id();
        this.discovery = config.discovery().orElseThrow();
        this.control = config.unmanagedControl().orElseThrow();
        this.scheduler = scheduler;
        this.blocking = blocking;
        this.serial = new SerialExecutor("worker " + id);
        this.machine = WorkerStateMachine.builder(id).clock(scheduler.clock()).executor(serial).build();
        this.machine.events().subscribe(events::publish);
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
        return machine.state() == WorkerState.RUNNING && (config.probes().healthProbe().isEmpty() || healthy);
    }

    @Override
    public void start(String reason) {
        serial.execute(() -> {
            WorkerState state = machine.state();
            if (state == WorkerState.STARTING || state == WorkerState.RUNNING || state == WorkerState.STOPPING) {
                return;
            }
            watching = true;
            attach(reason);
        });
    }

    private void attach(String reason) {
        OptionalInt found;
        try {
            found = discover();
        } catch (UnsupportedOperationException e) {
            machine.moveTo(WorkerState.STARTING, reason);
            machine.moveTo(WorkerState.FAILED, e.getMessage());
            return;
        }
        if (found.isEmpty()) {
            if (machine.state() == WorkerState.REGISTERED || machine.state() == WorkerState.STOPPED
                    || machine.state() == WorkerState.FAILED) {
                machine.moveTo(WorkerState.STARTING, reason);
                machine.moveTo(WorkerState.EXITED, "process not found by " + discovery.method() + "; looking again every "
                        + io.hsu.core.Durations.format(discovery.checkInterval()), ExitStatus.unknown("not found"));
            }
            scheduleRediscovery();
            return;
        }
        int newPid = found.getAsInt();
        Optional<ProcessIdentity> identity = ProcessIdentity.read(newPid);
        if (identity.isEmpty()) {
            scheduleRediscovery();
            return;
        }
        startTicks = identity.get().startTimeTicks();
        pid = newPid;
        long gen = ++generation;
        machine.moveTo(WorkerState.STARTING, "attaching to pid " + newPid, newPid);
        ProcessHandle.of(newPid).ifPresentOrElse(
                h -> h.onExit().whenComplete((x, e) -> serial.execute(() -> onGone(gen))),
                () -> serial.execute(() -> onGone(gen)));
        startProbes(gen);
        machine.moveTo(WorkerState.RUNNING, "attached (found by " + discovery.method() + ")");
    }

    private void onGone(long gen) {
        if (gen != generation) {
            return;
        }
        closeProbes();
        pid = 0;
        WorkerState state = machine.state();
        if (state == WorkerState.STARTING || state == WorkerState.RUNNING) {
            machine.moveTo(WorkerState.EXITED, "process disappeared", ExitStatus.unknown("not started by HSU"));
            scheduleRediscovery();
        }
    }

    private void scheduleRediscovery() {
        rediscovery.cancel();
        rediscovery = scheduler.schedule(() -> serial.execute(() -> {
            if (watching && machine.state() == WorkerState.EXITED) {
                attach("found again");
            }
        }), discovery.checkInterval());
    }

    @Override
    public CompletableFuture<WorkerSnapshot> stop(String reason, boolean onRequest) {
        CompletableFuture<WorkerSnapshot> result = new CompletableFuture<>();
        serial.execute(() -> {
            watching = false;
            rediscovery.cancel();
            closeProbes();
            WorkerState state = machine.state();
            if (!state.mayHaveProcess() || state == WorkerState.STOPPING) {
                machine.tryMoveTo(WorkerState.STOPPED, reason);
                result.complete(machine.snapshot());
                return;
            }
            machine.moveTo(WorkerState.STOPPING, reason);
            int target = pid;
            generation++;
            if (!control.canTerminate() || target <= 1) {
                machine.moveTo(WorkerState.STOPPED, "detached; the process keeps running (can_terminate is false)");
                result.complete(machine.snapshot());
                return;
            }
            signal(target, Signal.TERM);
            long deadline = scheduler.nanoTime() + control.gracefulTimeout().toNanos();
            poll(target, deadline, false, result);
        });
        return result;
    }

    private void poll(int target, long deadline, boolean killed, CompletableFuture<WorkerSnapshot> result) {
        if (!ProcessIdentity.isStillRunning(target, startTicks)) {
            pid = 0;
            machine.moveTo(WorkerState.STOPPED, "stopped");
            result.complete(machine.snapshot());
            return;
        }
        boolean kill = !killed && scheduler.nanoTime() - deadline >= 0;
        if (kill) {
            signal(target, Signal.KILL);
        }
        boolean nowKilled = killed || kill;
        scheduler.schedule(() -> serial.execute(() -> poll(target, deadline, nowKilled, result)), Duration.ofMillis(50));
    }

    private void signal(int target, Signal signal) {
        try {
            if (ProcessIdentity.isStillRunning(target, startTicks)) { // never signal a recycled pid
                Posix.get().kill(target, signal);
            }
        } catch (RuntimeException e) {
            log.warn("worker '{}': {} to pid {} failed: {}", id, signal.signalName(), target, e.getMessage());
        }
    }

    @Override
    public void restart(String reason) {
        if (!control.canRestart()) {
            log.warn("worker '{}': restart refused: can_restart is false", id);
            return;
        }
        stop(reason, false).whenComplete((s, e) -> start(reason));
    }

    @Override
    public void kill() {
        int target = pid;
        if (target > 1 && control.canTerminate()) {
            signal(target, Signal.KILL);
        }
    }

    @Override
    public void close() {
        serial.execute(() -> {
            watching = false;
            rediscovery.cancel();
            closeProbes();
        });
    }

    // ------------------------------------------------------------------ probes

    private void startProbes(long gen) {
        closeProbes();
        healthy = false;
        config.probes().readiness().ifPresent(p -> probes.add(probe("readiness", p, gen)));
        config.probes().liveness().ifPresent(p -> probes.add(probe("liveness", p, gen)));
    }

    private ProbeLoop probe(String name, Probe probe, long gen) {
        return new ProbeLoop(name, probe, scheduler, blocking, serial, (probeName, passed, detail) -> {
            if (gen != generation) {
                return;
            }
            boolean isHealth = config.probes().readiness().isPresent() ? "readiness".equals(probeName) : "liveness".equals(probeName);
            if (isHealth) {
                healthy = passed;
            }
            events.publish(new WorkerHealthChanged(id, scheduler.now(), 0, probeName, passed, detail));
        }, () -> pid, () -> 0);
    }

    private void closeProbes() {
        probes.forEach(ProbeLoop::close);
        probes.clear();
    }

    // ------------------------------------------------------------------ discovery

    private OptionalInt discover() {
        switch (discovery.method()) {
            case "pid-file":
                return fromPidFile(discovery.pidFile().orElseThrow());
            case "process-name":
            case "cmdline":
                return byCommandLine();
            case "port":
                return byPort(discovery.port());
            default:
                throw new UnsupportedOperationException("discovery method " + discovery.method()
                        + " is not available in this build; use pid-file, process-name, cmdline or port");
        }
    }

    private static OptionalInt fromPidFile(Path file) {
        try {
            int found = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
            return found > 1 && ProcessIdentity.read(found).filter(p -> !p.isZombie()).isPresent()
                    ? OptionalInt.of(found) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private OptionalInt byCommandLine() {
        Pattern name = discovery.processName().map(Pattern::compile).orElse(null);
        int self = (int) ProcessHandle.current().pid();
        for (ProcessIdentity p : ProcessTree.all()) {
            if (p.pid() == self || p.isZombie()) {
                continue;
            }
            List<String> argv = commandLine(p.pid());
            if (name != null) {
                String argv0 = argv.isEmpty() ? "" : Path.of(argv.get(0)).getFileName().toString();
                if (!name.matcher(p.command()).find() && !name.matcher(argv0).find()) {
                    continue;
                }
            }
            if (!discovery.processArgs().isEmpty() && !containsInOrder(argv, discovery.processArgs())) {
                continue;
            }
            if (name == null && discovery.processArgs().isEmpty()) {
                continue;
            }
            return OptionalInt.of(p.pid());
        }
        return OptionalInt.empty();
    }

    private static boolean containsInOrder(List<String> argv, List<String> wanted) {
        for (int i = 0; i + wanted.size() <= argv.size(); i++) {
            if (argv.subList(i, i + wanted.size()).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> commandLine(int pid) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
            List<String> result = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    result.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return result;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The process with a socket listening on {@code port} (/proc/net/tcp{,6} state 0A, then the owner of the inode). */
    private OptionalInt byPort(int port) {
        Set<String> inodes = new HashSet<>();
        String table = "udp".equals(discovery.protocol()) ? "udp" : "tcp";
        for (String file : List.of(table, table + "6")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net", file))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].contains(":")) {
                        int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                        boolean listening = "udp".equals(table) || "0A".equals(f[3]);
                        if (local == port && listening) {
                            inodes.add("socket:[" + f[9] + "]");
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // table missing (no IPv6): skip it
            }
        }
        if (inodes.isEmpty()) {
            return OptionalInt.empty();
        }
        for (ProcessIdentity p : ProcessTree.all()) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Integer.toString(p.pid()), "fd"))) {
                for (Path fd : fds) {
                    try {
                        if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                            return OptionalInt.of(p.pid());
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not ours to read
            }
        }
        return OptionalInt.empty();
    }
}
