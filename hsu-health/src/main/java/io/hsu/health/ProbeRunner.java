package io.hsu.health;

import io.hsu.core.Durations;
import io.hsu.core.Scheduler;
import io.hsu.health.internal.NonBlockingProbe;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one probe on the shared scheduler and feeds each result, in order, to its owner.
 *
 * <p>Concurrency: ticks run at a fixed rate on a 10 ms grid ({@link #GRID_NANOS}); {@link #tick}
 * runs on the scheduler's thread and only hands the check to
 * {@code checkExecutor} (virtual threads where available), so one scheduler thread serves any
 * number of probes. A {@link NonBlockingProbe} (tcp) needs no check thread: the tick starts it
 * and it settles on the probe's own thread. At most one check is in flight: a tick that finds the previous check still
 * running is skipped. Results and timeouts are settled on the owner's {@code serial} executor,
 * which owns {@code state} and {@code settled}; an attempt settles once, by its result or by the
 * timeout guard, whichever comes first, and a late result is dropped.
 *
 * <p>Failure handling: the guard fires {@link #GUARD_GRACE} after the timeout, in case a probe
 * overruns its own timeout (DNS, a stuck command); it records the failure and interrupts the check.
 */
final class ProbeRunner {
    private static final Logger log = LoggerFactory.getLogger(ProbeRunner.class);
    /** Probes enforce the timeout themselves; the guard only catches overruns. */
    static final Duration GUARD_GRACE = Duration.ofMillis(250);
    /**
     * Ticks fall on a 10 ms grid of the monotonic clock, so probes with the same period share
     * wake-ups of the scheduler and of the check threads instead of each costing its own.
     */
    static final long GRID_NANOS = 10_000_000L;

    /** Receives each settled result, on the serial executor. */
    interface Owner {
        void onResult(ProbeRunner runner, ProbeState before, ProbeState after);
    }

    private final ProbeRole role;
    private final ProbeConfig config;
    private final Probe probe;
    private final Scheduler scheduler;
    private final Executor checkExecutor;
    private final Executor serial;
    private final Owner owner;

    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicBoolean overrunLogged = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile boolean started;
    private volatile Scheduler.Cancellable schedule = Scheduler.Cancellable.NONE;
    private volatile long firstTickNanos;
    private volatile FutureTask<Void> current;
    private volatile Scheduler.Cancellable pending = Scheduler.Cancellable.NONE;

    // Owned by the serial executor.
    private ProbeState state = ProbeState.INITIAL;
    private long settled;

    ProbeRunner(ProbeRole role, ProbeConfig config, Probe probe, Scheduler scheduler, Executor checkExecutor,
                Executor serial, Owner owner) {
        this.role = role;
        this.config = config;
        this.probe = probe;
        this.scheduler = scheduler;
        this.checkExecutor = checkExecutor;
        this.serial = serial;
        this.owner = owner;
    }

    ProbeRole role() {
        return role;
    }

    ProbeConfig config() {
        return config;
    }

    /** Starts the schedule; the first check runs after the initial delay. Only the first call counts. */
    void start() {
        if (started || stopped) {
            return;
        }
        started = true;
        long first = scheduler.nanoTime() + config.initialDelay().toNanos();
        firstTickNanos = first + Math.floorMod(-first, GRID_NANOS);
        scheduleTick(0);
    }

    /**
     * Schedules tick number {@code n} at {@code firstTick + n * period} (fixed rate, on the grid),
     * or the first such tick still ahead when the scheduler ran late: missed ticks are skipped.
     */
    private void scheduleTick(long n) {
        if (stopped) {
            return;
        }
        long period = config.period().toNanos();
        long now = scheduler.nanoTime();
        long due = firstTickNanos + n * period;
        if (due < now) {
            n = (now - firstTickNanos + period - 1) / period;
            due = firstTickNanos + n * period;
        }
        long tickNumber = n;
        schedule = scheduler.schedule(() -> {
            tick();
            scheduleTick(tickNumber + 1);
        }, Duration.ofNanos(due - now));
        if (stopped) {
            schedule.cancel();
        }
    }

    /** Stops the schedule, interrupts a running check and closes the probe (killing its commands). Idempotent. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        schedule.cancel();
        FutureTask<Void> task = current;
        if (task != null) {
            task.cancel(true);
        }
        pending.cancel();
        try {
            probe.close();
        } catch (RuntimeException e) {
            log.warn("closing the {} probe {} failed", role.displayName(), probe.describe(), e);
        }
    }

    boolean isStopped() {
        return stopped;
    }

    /** One period: start a check unless one is still running. */
    void tick() {
        if (stopped) {
            return;
        }
        if (!inFlight.compareAndSet(false, true)) {
            if (overrunLogged.compareAndSet(false, true)) {
                log.warn("{} probe {} is still running after its period; skipping checks until it ends",
                        role.displayName(), probe.describe());
            }
            return;
        }
        long attempt = attempts.incrementAndGet();
        long startNanos = scheduler.nanoTime();
        Duration timeout = config.timeout();
        if (probe instanceof NonBlockingProbe nonBlocking) {
            startNonBlocking(nonBlocking, attempt, startNanos, timeout);
            return;
        }
        FutureTask<Void> task = new FutureTask<>(() -> runCheck(attempt, startNanos, timeout), null);
        Scheduler.Cancellable guard = scheduler.schedule(() -> serial.execute(() -> {
            settle(attempt, ProbeResult.unhealthy(probe.describe() + ": no answer within " + Durations.format(timeout))
                    .withLatency(elapsedSince(startNanos)));
            task.cancel(true);
        }), timeout.plus(GUARD_GRACE));
        current = task;
        try {
            checkExecutor.execute(() -> {
                task.run();
                guard.cancel();
            });
        } catch (RejectedExecutionException e) {
            guard.cancel();
            inFlight.set(false);
            log.warn("cannot run the {} probe {}: {}", role.displayName(), probe.describe(), e.toString());
        }
    }

    /**
     * A check that needs no thread: started right here on the scheduler's thread, it settles on the
     * probe's thread, or on this one when the probe knows the answer at once (a loopback connect);
     * the probe enforces the timeout, so there is no guard to schedule.
     */
    private void startNonBlocking(NonBlockingProbe nonBlocking, long attempt, long startNanos, Duration timeout) {
        try {
            Scheduler.Cancellable handle = nonBlocking.start(timeout, result -> {
                pending = Scheduler.Cancellable.NONE;
                inFlight.set(false);
                ProbeResult measured = result.withLatency(elapsedSince(startNanos));
                serial.execute(() -> settle(attempt, measured));
            });
            if (inFlight.get()) {
                pending = handle;   // not yet answered (a late stale handle is harmless: cancelling it does nothing)
            }
        } catch (RuntimeException e) {
            inFlight.set(false);
            log.warn("cannot run the {} probe {}: {}", role.displayName(), probe.describe(), e.toString());
        }
    }

    private void runCheck(long attempt, long startNanos, Duration timeout) {
        ProbeResult result;
        try {
            result = probe.check(timeout);
        } catch (InterruptedException e) {
            result = ProbeResult.unhealthy(probe.describe() + ": check interrupted");
            Thread.currentThread().interrupt();
        } catch (RuntimeException | LinkageError e) {
            log.debug("{} probe {} threw", role.displayName(), probe.describe(), e);
            result = ProbeResult.unhealthy(probe.describe() + ": " + e);
        } finally {
            // The check is over: settling below may stop this runner (the startup probe passed),
            // and stop() must not interrupt this very thread while it delivers events.
            current = null;
            inFlight.set(false);
        }
        ProbeResult measured = result.withLatency(elapsedSince(startNanos));
        serial.execute(() -> settle(attempt, measured));
    }

    private Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(Math.max(0, scheduler.nanoTime() - startNanos));
    }

    private void settle(long attempt, ProbeResult result) {
        if (stopped || attempt <= settled) {
            return;
        }
        settled = attempt;
        ProbeState before = state;
        state = before.next(result, scheduler.now(), config.successThreshold(), config.failureThreshold());
        owner.onResult(this, before, state);
    }

    @Override
    public String toString() {
        return role.displayName() + " probe " + probe.describe();
    }
}
