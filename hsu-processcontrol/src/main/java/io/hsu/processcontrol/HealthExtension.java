package io.hsu.processcontrol;

import io.hsu.core.ExitStatus;
import io.hsu.core.Scheduler;
import io.hsu.core.event.Subscription;
import io.hsu.core.internal.Checks;
import io.hsu.health.HealthChecker;
import io.hsu.health.HealthConfig;
import io.hsu.health.HealthEvent;
import io.hsu.health.HealthSnapshot;
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
 * {@link WorkerStatus#extensions()} shows the checker's {@link HealthSnapshot} under {@code "health"}.
 *
 * <pre>{@code
 * ProcessControl web = ProcessControl.builder(config)
 *         .extension(HealthExtension.of(healthConfig, Scheduler.system()))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe. {@link ProcessControl} closes it.
 */
public final class HealthExtension implements WorkerExtension {
    private final HealthConfig config;
    private final Scheduler scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    private Context context;                 // set once by bind
    private HealthChecker checker;           // guarded by lock; the current process's
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
        return true;   // the checker reports StartupSucceeded at once when there is no startup probe
    }

    @Override
    public void processStarted(StartedProcess process) {
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
        lock.lock();
        try {
            closeChecker();
            checker = HealthChecker.create(context.workerId(), config, scheduler, target);
            subscriptions.add(checker.events().on(HealthEvent.StartupSucceeded.class,
                    e -> context.startupSucceeded(pid)));
            subscriptions.add(checker.events().on(HealthEvent.StartupFailed.class,
                    e -> context.startupFailed(pid, e.reason())));
            subscriptions.add(checker.events().on(HealthEvent.LivenessFailed.class,
                    e -> context.reportFailure(RestartTrigger.HEALTH_FAILURE, Severity.CRITICAL,
                            "liveness probe failed: " + e.reason())));
            checker.start();
        } finally {
            lock.unlock();
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

    /** The current checker's snapshot (or the last one after the process ended); null before the first start. */
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
        if (checker != null) {
            last = checker.snapshot();
            checker.close();
            checker = null;
        }
    }
}
