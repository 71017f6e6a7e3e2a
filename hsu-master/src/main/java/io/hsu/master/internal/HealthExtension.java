package io.hsu.master.internal;

import io.hsu.core.ExitStatus;
import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.core.event.Subscription;
import io.hsu.core.event.WorkerEvent;
import io.hsu.health.HealthChecker;
import io.hsu.health.HealthConfig;
import io.hsu.health.HealthEvent;
import io.hsu.health.HealthSnapshot;
import io.hsu.health.HealthStatus;
import io.hsu.health.ProbeTarget;
import io.hsu.processcontrol.RestartTrigger;
import io.hsu.processcontrol.Severity;
import io.hsu.processcontrol.WorkerExtension;

/**
 * Runs a worker's probes (hsu-health's {@link HealthChecker}) around each of its processes: a new
 * checker when a process starts or is adopted, closed when it exits. A liveness failure goes to
 * the worker's restart policy; every health event also goes to the master's event stream.
 *
 * <p>Concurrency: process control calls the hooks on the worker's serial executor; the checker runs
 * on its own scheduler; {@link #isHealthy()} reads a volatile field from any thread.
 */
final class HealthExtension implements WorkerExtension {
    private final WorkerId id;
    private final HealthConfig config;
    private final Scheduler scheduler;
    private final EventPublisher<WorkerEvent> sink;
    private volatile Context context;
    private volatile HealthChecker checker;
    private volatile Subscription subscription;

    HealthExtension(WorkerId id, HealthConfig config, Scheduler scheduler, EventPublisher<WorkerEvent> sink) {
        this.id = id;
        this.config = config;
        this.scheduler = scheduler;
        this.sink = sink;
    }

    @Override
    public String name() {
        return "health";
    }

    @Override
    public void bind(Context value) {
        context = value;
    }

    @Override
    public void processStarted(long pid) {
        stopChecker();
        if (config.isEmpty()) {
            return;
        }
        HealthChecker next = HealthChecker.create(id, config, scheduler, ProbeTarget.ofPid(pid));
        subscription = next.events().subscribe(this::onEvent);
        checker = next;
        next.start();
    }

    private void onEvent(HealthEvent event) {
        sink.publish(event);
        Context c = context;
        if (event instanceof HealthEvent.LivenessFailed failed && c != null) {
            c.reportFailure(RestartTrigger.HEALTH_FAILURE, Severity.CRITICAL, "liveness failed: " + failed.reason());
        } else if (event instanceof HealthEvent.StartupFailed failed && c != null) {
            c.reportFailure(RestartTrigger.HEALTH_FAILURE, Severity.CRITICAL, "startup probe failed: " + failed.reason());
        }
    }

    @Override
    public ExitStatus processExited(ExitStatus status) {
        stopChecker();
        return status;
    }

    /**
     * Whether the worker counts as healthy for {@code depends_on: healthy}: its readiness probe
     * passes, else its liveness probe is healthy, else (no probes) true.
     */
    boolean isHealthy() {
        if (config.isEmpty()) {
            return true;
        }
        HealthChecker current = checker;
        if (current == null) {
            return false;
        }
        HealthSnapshot snapshot = current.snapshot();
        if (config.readiness().isPresent()) {
            return snapshot.ready();
        }
        if (config.liveness().isPresent()) {
            return snapshot.liveness() == HealthStatus.HEALTHY;
        }
        return snapshot.started();
    }

    @Override
    public Object status() {
        HealthChecker current = checker;
        return current == null ? null : current.snapshot();
    }

    private void stopChecker() {
        Subscription s = subscription;
        if (s != null) {
            s.close();
            subscription = null;
        }
        HealthChecker c = checker;
        if (c != null) {
            c.close();
            checker = null;
        }
    }

    @Override
    public void close() {
        stopChecker();
    }
}
