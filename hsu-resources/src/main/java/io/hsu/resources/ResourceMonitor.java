package io.hsu.resources;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.core.event.EventSource;
import io.hsu.core.internal.SerialExecutor;
import io.hsu.resources.internal.UsageRing;
import io.hsu.resources.internal.linux.DutyCycleThrottle;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one worker's usage: samples it every {@code monitoring.interval} on a {@link Scheduler},
 * keeps a bounded history, runs the {@link ViolationDetector}, and publishes {@link ResourceEvent}s.
 * It carries out {@link LimitPolicy#THROTTLE} itself; stop and restart decisions are for process
 * control, which subscribes to {@link #events()}.
 *
 * <pre>{@code
 * ResourceMonitor monitor = ResourceMonitor.builder(WorkerId.of("web"), pid).limits(limits)
 *     .windows(windows).enforcement(prepared).build();
 * try (Subscription s = monitor.events().on(ResourceViolation.class, v -> restart(v))) {
 *     monitor.start(); ... } finally { monitor.close(); }
 * }</pre>
 *
 * <p>Thread-safe. Samples and events run one at a time on the monitor's executor (a
 * {@link SerialExecutor} on the shared pool unless the builder sets one), in sequence order; listeners
 * must not block. The creator closes it; closing stops sampling and releases a throttle it applied.
 */
public final class ResourceMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResourceMonitor.class);

    private final WorkerId workerId;
    private final ResourceLimits limits;
    private final Scheduler scheduler;
    private final Executor executor;
    private final UsageSampler sampler;
    private final SampleTarget target;
    private final PreparedEnforcement enforcement;   // may be null
    private final CpuThrottle throttle;              // null when the builder gave none and none is needed
    private final ViolationDetector detector;        // used on executor only
    private final UsageRing history;
    private final EventPublisher<ResourceEvent> events = new EventPublisher<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Scheduler.Cancellable task = Scheduler.Cancellable.NONE;
    private volatile ResourceUsage latest;
    private volatile boolean throttling;
    private RawUsage previousRaw;     // executor only
    private long previousNanos;       // executor only

    private ResourceMonitor(Builder b) {
        this.workerId = b.workerId;
        this.limits = b.limits;
        this.scheduler = b.scheduler;
        this.executor = b.executor != null ? b.executor : new SerialExecutor("resources-" + b.workerId);
        this.sampler = b.sampler != null ? b.sampler : UsageSampler.forCurrentPlatform();
        this.enforcement = b.enforcement;
        SamplingScope scope = limits.monitoring().scope();
        this.target = b.target != null ? b.target
                : enforcement != null ? enforcement.sampleTarget(b.pid, scope)
                : new SampleTarget(b.pid, scope, Optional.empty());
        CpuThrottle chosen = b.throttle;
        if (chosen == null && limits.rule(LimitCategory.CPU).policy() == LimitPolicy.THROTTLE) {
            chosen = enforcement == null ? null : enforcement.cpuThrottle().orElse(null);
            if (chosen == null) {
                chosen = new DutyCycleThrottle(scheduler, () -> sampler.pids(target));
            }
        }
        this.throttle = chosen;
        this.detector = new ViolationDetector(workerId, limits, b.configured != null ? b.configured : limits, b.windows);
        this.history = new UsageRing(limits.monitoring().historySamples());
    }

    /**
     * A builder for the worker {@code workerId} whose leader is {@code pid}.
     *
     * @throws IllegalArgumentException if {@code pid <= 0}
     */
    public static Builder builder(WorkerId workerId, long pid) {
        return new Builder(workerId, pid);
    }

    public WorkerId workerId() {
        return workerId;
    }

    /** Where to subscribe to this worker's resource events. */
    public EventSource<ResourceEvent> events() {
        return events;
    }

    /** The latest sample, if one was taken. */
    public Optional<ResourceUsage> latest() {
        return Optional.ofNullable(latest);
    }

    /** The kept samples, oldest first ({@code history_retention / interval} at most). */
    public List<ResourceUsage> history() {
        return history.snapshot();
    }

    /** The throttle in use, if the CPU policy is {@code throttle} (applied once a CPU limit is violated). */
    public Optional<CpuThrottle> throttle() {
        return Optional.ofNullable(throttle);
    }

    /** Whether the throttle policy has acted. */
    public boolean isThrottling() {
        return throttling;
    }

    /**
     * Starts sampling every {@code monitoring.interval} (first sample after one interval), and
     * publishes {@link EnforcementDegraded} once if the enforcement fell back to monitoring only.
     * Does nothing when monitoring is disabled.
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        if (closed || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("resource monitor of worker '" + workerId + "' was already "
                    + (closed ? "closed" : "started"));
        }
        if (enforcement != null && enforcement.degradedReason().isPresent()) {
            String reason = enforcement.degradedReason().get();
            executor.execute(() -> events.publish(new EnforcementDegraded(workerId, scheduler.now(),
                    detector.nextSequence(), reason)));
        }
        if (!limits.monitoring().enabled()) {
            return;
        }
        executor.execute(this::baseline);
        task = scheduler.scheduleWithFixedDelay(() -> executor.execute(this::sampleOnce),
                limits.monitoring().interval(), limits.monitoring().interval());
    }

    /** Takes a sample now, on the monitor's executor, and runs detection on it. */
    public CompletableFuture<ResourceUsage> sampleNow() {
        CompletableFuture<ResourceUsage> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(sampleOnce());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void baseline() {
        if (previousRaw == null) {
            previousRaw = sampler.sample(target);
            previousNanos = scheduler.nanoTime();
        }
    }

    private ResourceUsage sampleOnce() {
        if (closed) {
            return latest;
        }
        RawUsage raw = sampler.sample(target);
        long nanos = scheduler.nanoTime();
        ResourceUsage usage = ResourceUsage.of(scheduler.now(), raw, previousRaw, nanos - previousNanos);
        previousRaw = raw;
        previousNanos = nanos;
        if (raw.processes() == 0) {
            return usage;   // the worker is gone; process control will close us
        }
        latest = usage;
        history.add(usage);
        for (ResourceEvent event : detector.observe(usage)) {
            handle(event);
        }
        return usage;
    }

    private void handle(ResourceEvent event) {
        boolean alerting = limits.monitoring().alertingEnabled();
        if (event instanceof ResourceViolation v) {
            LimitPolicy policy = v.decision().policy();
            switch (policy) {
                case NONE:
                    return;
                case LOG:
                    log.warn("{}", v.describe());
                    return;
                case THROTTLE:
                    applyThrottle(v);
                    break;
                default:
                    break;
            }
            log.warn("{}", v.describe());
            events.publish(v);
        } else if (alerting) {
            if (event instanceof ResourceWarning w) {
                log.info("worker '{}': {} at {} {} is above the warning threshold {}", workerId, w.kind().path(),
                        ResourceLimits.format(w.value()), w.kind().unit(), ResourceLimits.format(w.threshold()));
            }
            events.publish(event);
        }
    }

    private void applyThrottle(ResourceViolation v) {
        double percent = cpuLimitPercent(limits);
        if (throttle == null || percent <= 0 || closed) {
            return;
        }
        throttle.apply(percent);
        throttling = true;
        log.warn("worker '{}': throttled to {}% of a core by {}", workerId, ResourceLimits.format(percent),
                throttle.mechanism());
    }

    /** The CPU percent a throttle holds: the lower of max_percent and max_cores x 100; 0 if neither is set. */
    static double cpuLimitPercent(ResourceLimits limits) {
        double percent = limits.limit(LimitKind.CPU_PERCENT);
        double cores = limits.limit(LimitKind.CPU_CORES) * 100;
        if (percent > 0 && cores > 0) {
            return Math.min(percent, cores);
        }
        return Math.max(percent, cores);
    }

    /** Stops sampling and releases the throttle (so no process stays stopped or quota-bound). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        task.cancel();
        if (throttle != null) {
            throttle.close();
        }
    }

    /** Builds a {@link ResourceMonitor}. Not thread-safe. */
    public static final class Builder {
        private final WorkerId workerId;
        private final long pid;
        private ResourceLimits limits = ResourceLimits.NONE;
        private ResourceLimits configured;
        private ViolationWindows windows = ViolationWindows.DEFAULT;
        private Scheduler scheduler = Scheduler.system();
        private Executor executor;
        private UsageSampler sampler;
        private SampleTarget target;
        private PreparedEnforcement enforcement;
        private CpuThrottle throttle;

        private Builder(WorkerId workerId, long pid) {
            this.workerId = Objects.requireNonNull(workerId, "workerId must not be null");
            if (pid <= 0) {
                throw new IllegalArgumentException("pid must be > 0, but was " + pid);
            }
            this.pid = pid;
        }

        /**
         * @throws IllegalArgumentException if a category other than cpu has policy {@code throttle},
         *     or cpu has it without max_percent or max_cores
         */
        public Builder limits(ResourceLimits value) {
            Objects.requireNonNull(value, "limits must not be null");
            for (LimitCategory c : LimitCategory.values()) {
                if (c != LimitCategory.CPU && value.rule(c).policy() == LimitPolicy.THROTTLE) {
                    throw new IllegalArgumentException("limits." + c.yamlName() + ".policy throttle applies to cpu only");
                }
            }
            if (value.rule(LimitCategory.CPU).policy() == LimitPolicy.THROTTLE && cpuLimitPercent(value) <= 0
                    && value.hasLimit(LimitKind.CPU_TIME)) {
                throw new IllegalArgumentException("limits.cpu.policy throttle needs max_percent or max_cores");
            }
            limits = value;
            return this;
        }

        /** The limits as first configured, when {@link #limits} were raised by restart_adjusted. */
        public Builder configuredLimits(ResourceLimits value) {
            configured = Objects.requireNonNull(value, "configuredLimits must not be null");
            return this;
        }

        public Builder windows(ViolationWindows value) {
            windows = Objects.requireNonNull(value, "windows must not be null");
            return this;
        }

        /** Time and sampling ticks; {@link Scheduler#system()} by default, a fake in tests. */
        public Builder scheduler(Scheduler value) {
            scheduler = Objects.requireNonNull(value, "scheduler must not be null");
            return this;
        }

        /** Where samples and events run; a {@link SerialExecutor} by default ({@code Runnable::run} in tests). */
        public Builder executor(Executor value) {
            executor = Objects.requireNonNull(value, "executor must not be null");
            return this;
        }

        public Builder sampler(UsageSampler value) {
            sampler = Objects.requireNonNull(value, "sampler must not be null");
            return this;
        }

        /** What to sample; by default the pid's tree, or its cgroup with {@link #enforcement}. */
        public Builder target(SampleTarget value) {
            target = Objects.requireNonNull(value, "target must not be null");
            return this;
        }

        /** The worker's enforcement: cgroup sampling, the CPU quota throttle, the degraded warning. Not closed by the monitor. */
        public Builder enforcement(PreparedEnforcement value) {
            enforcement = Objects.requireNonNull(value, "enforcement must not be null");
            return this;
        }

        /** The throttle for the throttle policy; by default the cgroup's quota, else duty cycling. Closed by the monitor. */
        public Builder throttle(CpuThrottle value) {
            throttle = Objects.requireNonNull(value, "throttle must not be null");
            return this;
        }

        public ResourceMonitor build() {
            return new ResourceMonitor(this);
        }
    }
}
