package io.hsu.resources;

import io.hsu.core.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a stream of {@link ResourceUsage} samples into events, by the time rules of
 * {@link ViolationWindows}: a value above its warning threshold for at least the spike tolerance is a
 * {@link ResourceWarning}; above its limit for {@link ViolationWindows#actAfter()} it is a
 * {@link ResourceViolation} with the policy's decision (once per excursion); back at or below the
 * threshold after either it is a {@link ResourceRecovered}. Time comes from the samples only: no
 * clock, no I/O, so tests feed it samples with made-up times.
 *
 * <p>Not thread-safe: one owner feeds it, in time order. Nothing to close.
 */
public final class ViolationDetector {
    private final WorkerId workerId;
    private final ResourceLimits limits;
    private final ResourceLimits configured;
    private final ViolationWindows windows;
    private final KindState[] states = new KindState[LimitKind.values().length];
    private long sequence;

    /**
     * @param limits the limits in force
     * @param configured the limits as first configured, which bound {@code restart_adjusted}'s ceiling
     *     (the same as {@code limits} unless this worker was already restarted with adjusted limits)
     */
    public ViolationDetector(WorkerId workerId, ResourceLimits limits, ResourceLimits configured,
                             ViolationWindows windows) {
        this.workerId = Objects.requireNonNull(workerId, "workerId must not be null");
        this.limits = Objects.requireNonNull(limits, "limits must not be null");
        this.configured = Objects.requireNonNull(configured, "configured must not be null");
        this.windows = Objects.requireNonNull(windows, "windows must not be null");
        for (int i = 0; i < states.length; i++) {
            states[i] = new KindState();
        }
    }

    /** The next event sequence number, for events of this worker made outside the detector. */
    public long nextSequence() {
        return ++sequence;
    }

    /** The events {@code usage} causes, in {@link LimitKind} order; empty for most samples. */
    public List<ResourceEvent> observe(ResourceUsage usage) {
        List<ResourceEvent> events = new ArrayList<>(0);
        Instant now = usage.at();
        for (LimitKind kind : LimitKind.values()) {
            if (!limits.hasLimit(kind)) {
                continue;
            }
            double limit = limits.limit(kind);
            double value = kind.valueOf(usage);
            CategoryRule rule = limits.rule(kind.category());
            double threshold = rule.warningThresholdPercent() < 100 ? limit * rule.warningThresholdPercent() / 100.0 : limit;
            KindState s = states[kind.ordinal()];
            if (value > threshold) {
                if (s.aboveThresholdSince == null) {
                    s.aboveThresholdSince = now;
                }
                Duration aboveThreshold = Duration.between(s.aboveThresholdSince, now);
                if (!s.warned && threshold < limit && aboveThreshold.compareTo(windows.spikeTolerance()) >= 0) {
                    s.warned = true;
                    events.add(new ResourceWarning(workerId, now, nextSequence(), kind, limit, threshold, value,
                            aboveThreshold));
                }
            }
            if (value > limit) {
                if (s.exceededSince == null) {
                    s.exceededSince = now;
                }
                Duration exceeded = Duration.between(s.exceededSince, now);
                if (!s.violated && exceeded.compareTo(windows.actAfter()) >= 0) {
                    s.violated = true;
                    Severity severity = value >= limit * Severity.EMERGENCY_FACTOR ? Severity.EMERGENCY : Severity.CRITICAL;
                    events.add(new ResourceViolation(workerId, now, nextSequence(), kind, limit, value, exceeded,
                            severity, decide(kind)));
                }
            } else {
                s.exceededSince = null;
                s.violated = false;   // a new excursion may act again
            }
            if (value <= threshold) {
                if (s.warned || s.reported) {
                    events.add(new ResourceRecovered(workerId, now, nextSequence(), kind, limit, value));
                }
                s.aboveThresholdSince = null;
                s.warned = false;
                s.reported = false;
            }
            if (s.violated) {
                s.reported = true;
            }
        }
        return events;
    }

    private PolicyDecision decide(LimitKind kind) {
        LimitPolicy policy = limits.policy(kind);
        if (policy == LimitPolicy.RESTART_ADJUSTED) {
            return new PolicyDecision(policy, java.util.Optional.of(limits.adjusted(kind, configured.limit(kind))));
        }
        return PolicyDecision.of(policy);
    }

    /** Where one limit stands. */
    private static final class KindState {
        Instant aboveThresholdSince;
        Instant exceededSince;
        boolean warned;
        boolean violated;
        boolean reported;
    }
}
