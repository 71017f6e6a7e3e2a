package io.hsu.processcontrol;

import io.hsu.core.ExitStatus;
import io.hsu.core.Scheduler;
import io.hsu.core.event.EventPublisher;
import io.hsu.core.event.EventSource;
import io.hsu.core.event.Subscription;
import io.hsu.core.internal.Checks;
import io.hsu.health.HealthChecker;
import io.hsu.health.HealthConfig;
import io.hsu.health.HealthEvent;
import io.hsu.health.HealthSnapshot;
import io.hsu.health.HealthStatus;
import io.hsu.health.ProbeTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Health probes (hsu-health) around a worker's process: one {@link HealthChecker} per process
 * start. The worker stays {@code starting} until the startup probe passes (at once without one); a
 * startup probe that gives up stops the process and the restart policy decides; a liveness failure
 * is a {@link RestartTrigger#HEALTH_FAILURE} (ignored inside {@code startup_grace_period}).
 * {@link WorkerStatus#extensions()} shows the checker's {@link HealthSnapshot} under {@code "health"};
 * {@link #events()} republishes every checker's events, and {@link #isHealthy()} answers
 * {@code depends_on: healthy}. Without any probe it runs no checker and is always healthy.
 *
 * <pre>{@code
 * HealthExtension health = HealthExtension.of(healthConfig, Scheduler.system());
 * ProcessControl web = ProcessControl.builder(config).extension(health).build();
 * health.events().subscribe(event -> ...);   // survives restarts of the process
 * }</pre>
 *
 * <p>Thread-safe. {@link ProcessControl} closes it.
 */
public final class HealthExtension implements WorkerExtension {
    private final HealthConfig config;
    private final Scheduler scheduler;
    private final EventPublisher<HealthEvent> events = new EventPublisher<>();
    private final ReentrantLock lock = new ReentrantLock();
    private Context context;                 // set once by bind
    private volatile HealthChecker checker;  // written under lock; the current process's
    private final List<Subscription> subscriptions = new ArrayList<>();   // guarded by lock
    private volatile HealthSnapshot last;

    private HealthExtension(HealthConfig config, Scheduler scheduler) {
        this.config = Checks.notNull(config, "config");
        this.scheduler = Checks.notNull(scheduler, "scheduler");
    }

    /** Probes as {@code config} says, timed by {@code scheduler} (usually {@link Scheduler#system()}). */
    public static HealthExtension of(HealthConfig config, Scheduler scheduler) {
        return new HealthExtension(config, scheduler);
    }

    /**
     * Every {@link HealthEvent} of the worker's checkers, one checker per process; a subscription
     * lasts across restarts of the process. Listeners are called on the checker's threads (see
     * {@link EventSource}); the caller closes its subscriptions.
     */
    public EventSource<HealthEvent> events() {
        return events;
    }

    /**
     * Whether the worker counts as healthy for {@code depends_on: healthy}: with a readiness probe,
     * whether it passes; else with a liveness probe, whether it is healthy; else whether the startup
     * probe passed. Always true without probes; false while no process runs. Any thread, never blocks.
     */
    public boolean isHealthy() {
        if (config.isEmpty()) {
            return true;
        }
        HealthChecker current = checker;
        return current != null && isHealthy(config, current.snapshot());
    }

    /** {@link #isHealthy()} for a snapshot of a checker configured by {@code config}. */
    static boolean isHealthy(HealthConfig config, HealthSnapshot snapshot) {
        if (config.readiness().isPresent()) {
            return snapshot.ready();
        }
        if (config.liveness().isPresent()) {
            return snapshot.liveness() == HealthStatus.HEALTHY;
        }
        return snapshot.started();
    }

    @Override
    public String name() {
        return "health";
    }

    @Override
    public void bind(Context context) {
        this.context = context;
    }

    @Override
    public boolean holdsStarting() {
        return config.startup().isPresent();
    }

    @Override
    public void processStarted(StartedProcess process) {
        if (config.isEmpty()) {
            return;
        }
        long pid = process.pid();
        ProbeTarget target = new ProbeTarget() {
            @Override
            public OptionalLong pid() {
                return OptionalLong.of(pid);
            }

            @Override
            public OptionalLong startTimeTicks() {
                return process.startTimeTicks() > 0 ? OptionalLong.of(process.startTimeTicks()) : OptionalLong.empty();
            }
        };
        HealthChecker next = HealthChecker.create(context.workerId(), config, scheduler, target);
        lock.lock();
        try {
            closeChecker();
            subscriptions.add(next.events().subscribe(events::publish));
            subscriptions.add(next.events().on(HealthEvent.StartupSucceeded.class,
                    e -> context.startupSucceeded(pid)));
            subscriptions.add(next.events().on(HealthEvent.StartupFailed.class,
                    e -> context.startupFailed(pid, e.reason())));
            subscriptions.add(next.events().on(HealthEvent.LivenessFailed.class,
                    e -> context.reportFailure(RestartTrigger.HEALTH_FAILURE, Severity.CRITICAL,
                            "liveness probe failed: " + e.reason())));
            checker = next;
        } finally {
            lock.unlock();
        }
        // Outside the lock: without a startup probe the checker publishes at once, on this thread.
        try {
            next.start();
        } catch (IllegalStateException e) {
            if (!next.isClosed()) {
                throw e;
            }
            // closed meanwhile by processExited or close: nothing to probe
        }
    }

    @Override
    public ExitStatus processExited(ExitStatus status) {
        lock.lock();
        try {
            closeChecker();
        } finally {
            lock.unlock();
        }
        return status;
    }

    /** The current checker's snapshot (or the last one after the process ended); null before the first start or without probes. */
    @Override
    public Object status() {
        HealthChecker c = checker;
        return c != null ? c.snapshot() : last;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeChecker();
        } finally {
            lock.unlock();
        }
    }

    private void closeChecker() {
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
        HealthChecker c = checker;
        if (c != null) {
            last = c.snapshot();
            c.close();
            checker = null;
        }
    }
}
