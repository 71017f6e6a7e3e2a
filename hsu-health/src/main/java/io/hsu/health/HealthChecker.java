package io.hsu.health;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.core.event.EventSource;
import io.hsu.core.internal.Checks;
import io.hsu.core.internal.SerialExecutor;
import io.hsu.health.internal.ProbeExecutors;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;

/**
 * Runs one worker's startup, readiness and liveness probes with Kubernetes semantics, and says how
 * the worker is doing. Process control creates one per process start, {@link #start() starts} it
 * once the process runs, listens to {@link #events()}, and {@link #close() closes} it when the
 * process stops:
 *
 * <ul>
 *   <li>the startup probe runs first; the others wait until it passes
 *       ({@link HealthEvent.StartupSucceeded}); reaching its failure threshold stops every probe and
 *       publishes {@link HealthEvent.StartupFailed}, with which the start fails;</li>
 *   <li>the readiness probe only flags the worker ({@link HealthEvent.ReadinessChanged}); it never
 *       causes a restart;</li>
 *   <li>the liveness probe reaching its failure threshold publishes {@link HealthEvent.LivenessFailed},
 *       which process control turns into a restart with trigger HEALTH_FAILURE; the probe keeps
 *       running until the checker is closed;</li>
 *   <li>every change of a probe's status publishes {@link HealthEvent.ProbeStatusChanged}.</li>
 * </ul>
 *
 * <pre>{@code
 * HealthChecker health = HealthChecker.create(id, config, Scheduler.system(), () -> OptionalLong.of(pid));
 * health.events().on(HealthEvent.LivenessFailed.class, e -> restart(e.reason()));
 * health.start();
 * ...
 * health.close();   // on stop: cancels the probes and kills running exec checks
 * }</pre>
 *
 * <p>Thread-safe. All checkers share the given scheduler (one thread for any number of probes) and
 * one executor for blocking checks (virtual threads where the JDK has them). State changes of one
 * checker happen one at a time, in order, on the thread that delivers a result (a check thread, the
 * tcp probes' connector thread, or the scheduler's thread for a timeout); {@link #snapshot()} needs no
 * lock and builds an immutable value only when a check completed since the last call. Events follow {@link EventSource}'s contract: delivered in order on that thread,
 * after the snapshot shows the change; listeners must not block, since they hold up the scheduler
 * or a check thread. The creator closes the checker.
 */
public final class HealthChecker implements AutoCloseable {
    private final WorkerId workerId;
    private final HealthConfig config;
    private final Scheduler scheduler;
    private final SerialExecutor serial;
    private final EventPublisher<HealthEvent> events = new EventPublisher<>();
    private final Map<ProbeRole, ProbeRunner> runners = new EnumMap<>(ProbeRole.class);
    private final AtomicBoolean startCalled = new AtomicBoolean();
    private final AtomicBoolean closedFlag = new AtomicBoolean();
    private volatile boolean closed;
    /**
     * started, startupFailure and ready, replaced when one changes; its probes, liveness and last
     * result are filled in from {@link #latest} by {@link #snapshot()}, so a check that changes no
     * status costs no snapshot.
     */
    private volatile HealthSnapshot snapshot;
    /** Each role's newest state (immutable), by {@link ProbeRole#ordinal()}. */
    private final AtomicReferenceArray<ProbeState> latest = new AtomicReferenceArray<>(ProbeRole.values().length);
    private volatile ProbeResult lastResult;
    /** Bumped after each result, once {@link #latest} and {@link #lastResult} hold it. */
    private volatile long version;
    /** The last snapshot built, for the version and base it was built from. */
    private volatile Built built;
    // Owned by the serial executor.
    private long sequence;

    private record Built(long version, HealthSnapshot base, HealthSnapshot full) {
    }

    private HealthChecker(WorkerId workerId, HealthConfig config, Scheduler scheduler, ProbeTarget target,
                          Executor checkExecutor, Executor serialPool, BiFunction<CheckConfig, ProbeTarget, Probe> probes) {
        this.workerId = Checks.notNull(workerId, "workerId");
        this.config = Checks.notNull(config, "config");
        this.scheduler = Checks.notNull(scheduler, "scheduler");
        Checks.notNull(target, "target");
        this.serial = new SerialExecutor("health " + workerId, serialPool);
        List<Probe> created = new ArrayList<>();
        try {
            for (ProbeRole role : ProbeRole.values()) {
                Optional<ProbeConfig> probeConfig = config.probe(role);
                if (probeConfig.isPresent()) {
                    Probe probe = probes.apply(probeConfig.get().check(), target);
                    created.add(probe);
                    runners.put(role, new ProbeRunner(role, probeConfig.get(), probe, scheduler, checkExecutor, serial,
                            this::onResult));
                }
            }
        } catch (RuntimeException e) {
            created.forEach(Probe::close);
            throw e;
        }
        Map<ProbeRole, ProbeSnapshot> probeSnapshots = new EnumMap<>(ProbeRole.class);
        runners.keySet().forEach(role -> probeSnapshots.put(role, ProbeSnapshot.initial(role)));
        this.snapshot = new HealthSnapshot(false, Optional.empty(), false, HealthStatus.UNKNOWN, probeSnapshots, Optional.empty());
    }

    /**
     * A checker for one process of {@code workerId}. Nothing runs until {@link #start()}.
     *
     * @param scheduler the scheduler every probe of the JVM should share, usually {@link Scheduler#system()}
     * @param target supplies the pid for the {@code process} check
     * @throws ProbeUnavailableException if a configured check cannot run on this JVM (grpc-java missing)
     */
    public static HealthChecker create(WorkerId workerId, HealthConfig config, Scheduler scheduler, ProbeTarget target) {
        // The serial executor runs in line on the thread that delivers a result (a check thread or
        // the scheduler's): a hand-off to another pool per check would cost more than the check.
        return new HealthChecker(workerId, config, scheduler, target, ProbeExecutors.checks(), Runnable::run,
                (check, t) -> Probe.of(check, t, scheduler.clock()));
    }

    /** For tests: chosen executors and probes. */
    static HealthChecker create(WorkerId workerId, HealthConfig config, Scheduler scheduler, ProbeTarget target,
                                Executor checkExecutor, Executor serialPool,
                                BiFunction<CheckConfig, ProbeTarget, Probe> probes) {
        return new HealthChecker(workerId, config, scheduler, target, checkExecutor, serialPool, probes);
    }

    public WorkerId workerId() {
        return workerId;
    }

    public HealthConfig config() {
        return config;
    }

    /**
     * Starts the probes: the startup probe if there is one, else readiness and liveness at once
     * (publishing {@link HealthEvent.StartupSucceeded}, and {@link HealthEvent.ReadinessChanged}
     * when there is no readiness probe). Returns at once; a second call does nothing.
     *
     * @throws IllegalStateException if the checker is closed
     */
    public void start() {
        Checks.state(!closed, "health checker of worker '%s' is closed", workerId);
        if (!startCalled.compareAndSet(false, true)) {
            return;
        }
        serial.execute(() -> {
            if (closed) {
                return;
            }
            ProbeRunner startup = runners.get(ProbeRole.STARTUP);
            if (startup != null) {
                startup.start();
            } else {
                List<HealthEvent> pending = new ArrayList<>();
                markStarted("no startup probe", pending);
                publish(pending);
            }
        });
    }

    /** The health now; never null. Cheap: built at most once per check result, on demand. */
    public HealthSnapshot snapshot() {
        long v = version;   // read first: the states read below are at least this new
        HealthSnapshot base = snapshot;
        Built b = built;
        if (b != null && b.version() == v && b.base() == base) {
            return b.full();
        }
        Map<ProbeRole, ProbeSnapshot> probes = new EnumMap<>(ProbeRole.class);
        for (ProbeRole role : runners.keySet()) {
            ProbeState state = latest.get(role.ordinal());
            probes.put(role, state == null ? ProbeSnapshot.initial(role) : state.toSnapshot(role));
        }
        ProbeState liveness = latest.get(ProbeRole.LIVENESS.ordinal());
        HealthSnapshot full = new HealthSnapshot(base.started(), base.startupFailure(), base.ready(),
                liveness == null ? HealthStatus.UNKNOWN : liveness.status(), probes, Optional.ofNullable(lastResult));
        built = new Built(v, base, full);
        return full;
    }

    /** Where to subscribe to this checker's events. */
    public EventSource<HealthEvent> events() {
        return events;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops every probe, interrupts running checks and kills running exec commands (their whole
     * process group) before returning. Idempotent; no event is published after it returns, except
     * possibly one already being delivered.
     */
    @Override
    public void close() {
        if (!closedFlag.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        runners.values().forEach(ProbeRunner::stop);
    }

    // ---------------------------------------------------------------- on the serial executor

    private void onResult(ProbeRunner runner, ProbeState before, ProbeState after) {
        if (closed) {
            return;
        }
        ProbeRole role = runner.role();
        ProbeResult result = after.lastResult().orElseThrow();
        latest.set(role.ordinal(), after);
        lastResult = result;
        version++;   // single writer: the serial executor
        if (before.status() == after.status() && before.ready() == after.ready()
                && !(role == ProbeRole.STARTUP && result.healthy())) {
            return;   // the common case: nothing to announce
        }
        List<HealthEvent> pending = new ArrayList<>();
        if (before.status() != after.status()) {
            pending.add(new HealthEvent.ProbeStatusChanged(workerId, scheduler.now(), ++sequence, role, before.status(),
                    after.status(), result));
        }
        switch (role) {
            case STARTUP:
                if (result.healthy()) {
                    runner.stop();
                    markStarted(result.message(), pending);
                } else if (after.status() == HealthStatus.UNHEALTHY) {
                    String reason = "startup probe " + runner.config().check().describe() + " failed "
                            + after.failures() + (after.failures() == 1 ? " time: " : " times in a row: ") + result.message();
                    runners.values().forEach(ProbeRunner::stop);
                    HealthSnapshot now = snapshot;
                    snapshot = new HealthSnapshot(false, Optional.of(reason), false, now.liveness(), now.probes(), now.lastResult());
                    pending.add(new HealthEvent.StartupFailed(workerId, scheduler.now(), ++sequence, reason, result));
                }
                break;
            case READINESS:
                if (before.ready() != after.ready()) {
                    setReady(after.ready(), result.message(), pending);
                }
                break;
            default:
                if (after.status() == HealthStatus.UNHEALTHY && before.status() != HealthStatus.UNHEALTHY) {
                    String reason = "liveness probe " + runner.config().check().describe() + " failed "
                            + after.failures() + (after.failures() == 1 ? " time: " : " times in a row: ") + result.message();
                    pending.add(new HealthEvent.LivenessFailed(workerId, scheduler.now(), ++sequence, reason, result));
                }
                break;
        }
        publish(pending);
    }

    private void markStarted(String message, List<HealthEvent> pending) {
        HealthSnapshot s = snapshot;
        snapshot = new HealthSnapshot(true, Optional.empty(), s.ready(), s.liveness(), s.probes(), s.lastResult());
        pending.add(new HealthEvent.StartupSucceeded(workerId, scheduler.now(), ++sequence, message));
        if (!runners.containsKey(ProbeRole.READINESS)) {
            setReady(true, "no readiness probe", pending);
        }
        for (ProbeRole role : List.of(ProbeRole.READINESS, ProbeRole.LIVENESS)) {
            ProbeRunner r = runners.get(role);
            if (r != null) {
                r.start();
            }
        }
    }

    private void setReady(boolean ready, String reason, List<HealthEvent> pending) {
        HealthSnapshot s = snapshot;
        snapshot = new HealthSnapshot(s.started(), s.startupFailure(), ready, s.liveness(), s.probes(), s.lastResult());
        pending.add(new HealthEvent.ReadinessChanged(workerId, scheduler.now(), ++sequence, ready, reason));
    }

    private void publish(List<HealthEvent> pending) {
        for (HealthEvent e : pending) {
            events.publish(e);
        }
    }

    @Override
    public String toString() {
        return "HealthChecker[" + workerId + ", " + config + "]";
    }
}
