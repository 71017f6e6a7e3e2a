package io.hsu.processcontrol;

import io.hsu.core.ExitStatus;
import io.hsu.core.Scheduler;
import io.hsu.core.event.EventPublisher;
import io.hsu.core.event.EventSource;
import io.hsu.core.internal.Checks;
import io.hsu.resources.Enforcement;
import io.hsu.resources.LimitPolicy;
import io.hsu.resources.PreparedEnforcement;
import io.hsu.resources.ResourceEvent;
import io.hsu.resources.ResourceLimits;
import io.hsu.resources.ResourceMonitor;
import io.hsu.resources.ResourceUsage;
import io.hsu.resources.ResourceViolation;
import io.hsu.resources.ViolationWindows;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resource limits (hsu-resources) around a worker's process: before each start the OS enforcement
 * is prepared (rlimits through {@code prlimit}, priority through {@code nice}, the worker's cgroups
 * joined in the launch chain); after it a {@link ResourceMonitor} samples usage. A violation whose
 * policy is {@code restart} or {@code restart_adjusted} is a {@link RestartTrigger#RESOURCE_VIOLATION}
 * (the next start gets the adjusted limits), {@code graceful_shutdown} stops the worker and
 * {@code immediate_kill} kills its tree at once. Where a cgroup exists it is the unit of kill and its
 * OOM kills are reported on the exit status. {@link WorkerStatus#extensions()} shows the latest
 * {@link ResourceUsage} under {@code "resources"}; {@link #events()} republishes every monitor's
 * events (warnings, violations, recoveries, degraded enforcement). {@code none}, {@code log},
 * {@code alert} and {@code throttle} need nothing here: the monitor logs, publishes and throttles.
 *
 * <p>Thread-safe. {@link ProcessControl} closes it, which closes the monitor and removes the cgroups.
 */
public final class ResourceExtension implements WorkerExtension {
    private static final Logger log = LoggerFactory.getLogger(ResourceExtension.class);

    private final ResourceLimits configured;
    private final ViolationWindows windows;
    private final Scheduler scheduler;
    private final EventPublisher<ResourceEvent> events = new EventPublisher<>();
    private final ReentrantLock lock = new ReentrantLock();
    private Context context;                 // set once by bind
    private ResourceLimits limits;           // guarded by lock; raised by restart_adjusted
    private volatile PreparedEnforcement prepared;   // written under lock
    private volatile ResourceMonitor monitor;        // written under lock
    private volatile ResourceUsage lastUsage;

    private ResourceExtension(ResourceLimits limits, ViolationWindows windows, Scheduler scheduler) {
        this.configured = Checks.notNull(limits, "limits");
        this.limits = limits;
        this.windows = Checks.notNull(windows, "windows");
        this.scheduler = Checks.notNull(scheduler, "scheduler");
    }

    /**
     * Limits as {@code limits} says (its {@code enforcement} section included), acting after the
     * {@code windows} ({@code sustained_violation_time}, {@code spike_tolerance_time}).
     */
    public static ResourceExtension of(ResourceLimits limits, ViolationWindows windows, Scheduler scheduler) {
        return new ResourceExtension(limits, windows, scheduler);
    }

    /** The windows of {@code restart}'s {@code sustained_violation_time} and {@code spike_tolerance_time}. */
    public static ViolationWindows windowsOf(RestartConfig restart) {
        return new ViolationWindows(restart.spikeToleranceTime(), restart.sustainedViolationTime());
    }

    /**
     * Every {@link ResourceEvent} of the worker's monitors, one monitor per process; a subscription
     * lasts across restarts of the process. Listeners are called on the monitor's executor (see
     * {@link EventSource}); the caller closes its subscriptions.
     */
    public EventSource<ResourceEvent> events() {
        return events;
    }

    @Override
    public String name() {
        return "resources";
    }

    @Override
    public void bind(Context context) {
        this.context = context;
    }

    @Override
    public LaunchContribution beforeLaunch() {
        lock.lock();
        try {
            closePrepared();   // kills what is left in the old cgroups, removes them
            prepared = Enforcement.prepare(context.workerId(), limits, limits.enforcement());
            prepared.degradedReason().ifPresent(reason -> log.warn("worker '{}': {}", context.workerId(), reason));
            return new LaunchContribution(prepared.rlimitArguments(), prepared.cgroupProcsFiles(), prepared.niceCommand());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void processStarted(StartedProcess process) {
        lock.lock();
        try {
            closeMonitor();
            ResourceMonitor.Builder b = ResourceMonitor.builder(context.workerId(), process.pid()).limits(limits)
                    .configuredLimits(configured).windows(windows).scheduler(scheduler);
            if (prepared != null && !process.adopted()) {
                b.enforcement(prepared);
            }
            monitor = b.build();
            monitor.events().subscribe(events::publish);
            monitor.events().on(ResourceViolation.class, this::violated);
            monitor.start();
        } finally {
            lock.unlock();
        }
    }

    private void violated(ResourceViolation v) {
        LimitPolicy policy = v.decision().policy();
        if (!policy.stopsWorker()) {
            return;
        }
        Severity severity = Severity.valueOf(v.severity().name());
        switch (policy) {
            case GRACEFUL_SHUTDOWN:
                log.warn("{}; stopping the worker", v.describe());
                context.requestStop(v.describe(), false);
                break;
            case IMMEDIATE_KILL:
                log.warn("{}; killing the worker", v.describe());
                context.requestStop(v.describe(), true);
                break;
            case RESTART_ADJUSTED:
                Optional<ResourceLimits> adjusted = v.decision().adjustedLimits();
                lock.lock();
                try {
                    adjusted.ifPresent(a -> limits = a);
                } finally {
                    lock.unlock();
                }
                context.reportFailure(RestartTrigger.RESOURCE_VIOLATION, severity, v.describe());
                break;
            default:
                context.reportFailure(RestartTrigger.RESOURCE_VIOLATION, severity, v.describe());
                break;
        }
    }

    @Override
    public ExitStatus processExited(ExitStatus status) {
        lock.lock();
        try {
            closeMonitor();
            if (prepared != null && status instanceof ExitStatus.Signaled && prepared.isOomKilled()) {
                return ((ExitStatus.Signaled) status).asOomKill();
            }
            return status;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean killAll() {
        PreparedEnforcement p = prepared;
        return p != null && p.hasCgroup() && p.kill();
    }

    @Override
    public List<Long> unitPids() {
        PreparedEnforcement p = prepared;
        List<Long> pids = new ArrayList<>();
        if (p != null && p.hasCgroup()) {
            for (long pid : p.pids()) {
                pids.add(pid);
            }
        }
        return pids;
    }

    /** The latest usage sample; null before the first. */
    @Override
    public Object status() {
        ResourceMonitor m = monitor;
        return m != null ? m.latest().orElse(lastUsage) : lastUsage;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeMonitor();
            closePrepared();
        } finally {
            lock.unlock();
        }
    }

    private void closeMonitor() {
        if (monitor != null) {
            lastUsage = monitor.latest().orElse(lastUsage);
            monitor.close();
            monitor = null;
        }
    }

    private void closePrepared() {
        if (prepared != null) {
            prepared.close();
            prepared = null;
        }
    }
}
