package io.hsu.master.internal;

import io.hsu.core.ExitStatus;
import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.core.event.Subscription;
import io.hsu.core.event.WorkerEvent;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.Signal;
import io.hsu.processcontrol.LaunchContribution;
import io.hsu.processcontrol.RestartTrigger;
import io.hsu.processcontrol.Severity;
import io.hsu.processcontrol.WorkerExtension;
import io.hsu.resources.Enforcement;
import io.hsu.resources.PreparedEnforcement;
import io.hsu.resources.ResourceEvent;
import io.hsu.resources.ResourceLimits;
import io.hsu.resources.ResourceMonitor;
import io.hsu.resources.ResourceViolation;
import io.hsu.resources.ViolationWindows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces and monitors a worker's limits with hsu-resources: before each launch it prepares the
 * rlimits and cgroups the launch chain applies; while the process runs, a {@link ResourceMonitor}
 * samples it and turns sustained violations into policy decisions, which this extension carries
 * out (restart through the worker's restart policy, graceful stop, immediate kill; log, alert and
 * throttle need nothing more here). Every resource event also goes to the master's stream.
 *
 * <p>Concurrency: process control calls the hooks on the worker's serial executor; monitor events
 * arrive on the monitor's executor. Fields read by both are volatile.
 */
final class ResourcesExtension implements WorkerExtension {
    private static final Logger log = LoggerFactory.getLogger(ResourcesExtension.class);

    private final WorkerId id;
    private final ResourceLimits limits;
    private final ViolationWindows windows;
    private final Scheduler scheduler;
    private final EventPublisher<WorkerEvent> sink;
    private final Runnable gracefulStop;
    private volatile Context context;
    private volatile PreparedEnforcement prepared;
    private volatile ResourceMonitor monitor;
    private volatile Subscription subscription;
    private volatile long pid;

    ResourcesExtension(WorkerId id, ResourceLimits limits, ViolationWindows windows, Scheduler scheduler,
                       EventPublisher<WorkerEvent> sink, Runnable gracefulStop) {
        this.id = id;
        this.limits = limits;
        this.windows = windows;
        this.scheduler = scheduler;
        this.sink = sink;
        this.gracefulStop = gracefulStop;
    }

    @Override
    public String name() {
        return "resources";
    }

    @Override
    public void bind(Context value) {
        context = value;
    }

    @Override
    public LaunchContribution beforeLaunch() {
        closeEnforcement();
        PreparedEnforcement next = Enforcement.prepare(id, limits, limits.enforcement());
        next.degradedReason().ifPresent(reason -> log.warn("worker '{}': {}", id, reason));
        prepared = next;
        return new LaunchContribution(next.rlimitArguments(), next.cgroupProcsFiles());
    }

    @Override
    public void processStarted(long newPid) {
        stopMonitor();
        pid = newPid;
        ResourceMonitor.Builder builder = ResourceMonitor.builder(id, newPid).limits(limits).windows(windows).scheduler(scheduler);
        PreparedEnforcement p = prepared;
        if (p != null) {
            builder.enforcement(p);
        }
        ResourceMonitor next = builder.build();
        subscription = next.events().subscribe(this::onEvent);
        monitor = next;
        next.start();
    }

    private void onEvent(ResourceEvent event) {
        sink.publish(event);
        if (!(event instanceof ResourceViolation violation)) {
            return;
        }
        Context c = context;
        switch (violation.decision().policy()) {
            case RESTART:
            case RESTART_ADJUSTED: // restarted with the configured limits; adjusting them is not wired in yet
                if (c != null) {
                    c.reportFailure(RestartTrigger.RESOURCE_VIOLATION, severity(violation), violation.describe());
                }
                break;
            case GRACEFUL_SHUTDOWN:
                log.warn("{}; stopping the worker", violation.describe());
                gracefulStop.run();
                break;
            case IMMEDIATE_KILL:
                log.warn("{}; killing the worker", violation.describe());
                killAll();
                break;
            default:
                break; // none, log, alert: the event is the action; throttle: the monitor throttles
        }
    }

    private static Severity severity(ResourceViolation violation) {
        switch (violation.severity()) {
            case EMERGENCY:
                return Severity.EMERGENCY;
            case WARNING:
                return Severity.WARNING;
            default:
                return Severity.CRITICAL;
        }
    }

    @Override
    public ExitStatus processExited(ExitStatus status) {
        stopMonitor();
        PreparedEnforcement p = prepared;
        if (p != null && status instanceof ExitStatus.Signaled signaled && p.isOomKilled()) {
            return signaled.asOomKill();
        }
        return status;
    }

    @Override
    public boolean killAll() {
        PreparedEnforcement p = prepared;
        if (p != null && p.hasCgroup()) {
            return p.kill();
        }
        long group = pid;
        if (group > 1) {
            try {
                Posix.get().killGroup((int) group, Signal.KILL);
            } catch (RuntimeException e) {
                log.debug("worker '{}': SIGKILL to group {} failed: {}", id, group, e.getMessage());
            }
        }
        return false;
    }

    @Override
    public Object status() {
        ResourceMonitor m = monitor;
        return m == null ? null : m.latest().orElse(null);
    }

    private void stopMonitor() {
        Subscription s = subscription;
        if (s != null) {
            s.close();
            subscription = null;
        }
        ResourceMonitor m = monitor;
        if (m != null) {
            m.close();
            monitor = null;
        }
    }

    private void closeEnforcement() {
        PreparedEnforcement p = prepared;
        if (p != null) {
            p.close();
            prepared = null;
        }
    }

    @Override
    public void close() {
        stopMonitor();
        closeEnforcement();
    }
}
