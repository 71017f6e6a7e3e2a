package io.hsu.processcontrol.internal.linux;

import io.hsu.core.ExitStatus;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.PosixException;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.core.posix.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Stopping the whole tree: a process-group kill alone misses a descendant that called setsid, and
 * the leader's death re-parents its children. So before each signal the tree is collected from one
 * read of /proc: the leader, every process in the leader's process group or session (the kernel
 * keeps that id allocated while any member lives, so it cannot name a stranger), every process
 * recorded earlier as a member, every child of the JVM (the subreaper) carrying this spawn's
 * environment marker (HSU_SPAWN_ID, inherited by the whole tree and different for every spawn, so
 * a newer process of the same worker is never taken for an orphan of an older one), and all their
 * descendants. Members are recorded (pid + start time) so a
 * member found once is found again after it leaves the group and is re-parented, and so its zombie
 * may be reaped. Each member is signalled only after its start time is checked.
 */
/** A worker's process (spawned or adopted) and its tree; thread-safe. */
public final class LinuxProcess {
    private static final Logger log = LoggerFactory.getLogger(LinuxProcess.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final String workerId;
    /** The HSU_SPAWN_ID its tree carries; null for an adopted process that has none. */
    private final String spawnId;
    private final int pid;
    private final long startTicks;
    private final boolean spawned;
    private final LinuxSupervisor supervisor;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean exitHandled = new java.util.concurrent.atomic.AtomicBoolean();
    /** Members seen in this tree: pid -> start ticks. */
    private final Map<Integer, Long> known = new ConcurrentHashMap<>();
    /** When this object was created (after the spawn or adoption), by {@link System#nanoTime()}. */
    private final long createdNanos = System.nanoTime();

    LinuxProcess(String workerId, String spawnId, int pid, long startTicks, boolean spawned, LinuxSupervisor supervisor) {
        this.workerId = workerId;
        this.spawnId = spawnId;
        this.pid = pid;
        this.startTicks = startTicks;
        this.spawned = spawned;
        this.supervisor = supervisor;
    }

    /** Pids of the worker's unit (its cgroup) to include in the tree; set once after the start. */
    private volatile java.util.function.Supplier<List<Long>> unitPids = List::of;

    /** Where the tree also finds the pids of the worker's unit (a cgroup), so they are stopped too. */
    public void unitPids(java.util.function.Supplier<List<Long>> supplier) {
        this.unitPids = supplier;
    }

    /** The leader's pid. */
    public int pid() {
        return pid;
    }

    /** The leader's start time in clock ticks since boot. */
    public long startTicks() {
        return startTicks;
    }

    /** Whether this JVM spawned it (its exit status is known); false for an adopted process. */
    public boolean spawned() {
        return spawned;
    }

    /** Completes (on the exit-watcher thread) when the leader has exited; never fails. */
    public CompletableFuture<ExitStatus> exit() {
        return exit;
    }

    /** True the first time only: whoever handles the exit (event or stop) claims it. */
    public boolean markExitHandled() {
        return exitHandled.compareAndSet(false, true);
    }

    void exited(ExitStatus status) {
        exit.complete(status);
    }

    /**
     * Sends {@code signal} to every living member of the tree.
     *
     * @return how many processes it reached
     */
    public int signalTree(Signal signal) {
        Map<Integer, ProcessIdentity> members = collect();
        return signal(members.values(), signal);
    }

    /**
     * A cheap check, without reading all of /proc, that nothing of the tree is likely left: the
     * leader's process group is empty, no member recorded earlier is alive, and the JVM has no
     * child besides worker leaders. A false "gone" is possible only for a descendant that moved to
     * another process group inside the session or left it unseen; callers still run the full
     * {@link #stop} in the background.
     */
    public boolean probablyGone() {
        if (SpawnLib.kill(-pid, 0) == 0) {
            return false;   // the group still has members
        }
        for (Map.Entry<Integer, Long> member : known.entrySet()) {
            if (ProcessIdentity.isStillRunning(member.getKey(), member.getValue())) {
                return false;
            }
        }
        for (int child : ProcessTable.orphanCandidatesOfSelf(supervisor.selfPid())) {
            if (!supervisor.isLeader(child) && carriesSpawnId(child)) {
                return false;
            }
        }
        return true;
    }

    /** Whether any member of the tree is alive (not a zombie). */
    public boolean treeAlive() {
        return !collect().isEmpty();
    }

    /**
     * Stops the tree: {@code signal} to every member, wait until all are gone or {@code grace}
     * passes, then SIGKILL to every member (collected again, so late forks are caught), and wait
     * again. Blocking; call it off the worker's serial executor. Same as {@link #stopAsync} joined.
     */
    public StopReport stop(Signal signal, Duration grace, BooleanSupplier killUnit) {
        return stopAsync(signal, grace, killUnit, Runnable::run).join();
    }

    /**
     * Stops the tree as {@link #stop} does without holding a thread while it waits: the /proc
     * scans and signals run on {@code executor}, the waits are pidfd events and timers.
     *
     * @param killUnit kills the worker's whole unit at once where one exists (a cgroup); returns
     *     false when there is none, then the members are killed one by one
     * @return completes with what happened; never fails
     */
    public CompletableFuture<StopReport> stopAsync(Signal signal, Duration grace, BooleanSupplier killUnit,
                                                   Executor executor) {
        long deadline = System.nanoTime() + grace.toNanos();
        return CompletableFuture
                // A recent shared scan is enough for the first signal: the group signal reaches later
                // forks of the group, and every later step looks afresh.
                .supplyAsync(() -> collect(ProcessTable.recentScan(createdNanos)), executor)
                .thenCompose(members -> signal == Signal.KILL ? CompletableFuture.<StopReport>completedFuture(null)
                        : graceful(members, signal, deadline, executor))
                .thenComposeAsync(report -> report != null ? CompletableFuture.completedFuture(report)
                        : kill(signal, killUnit, executor), executor)
                .exceptionally(e -> new StopReport(false, List.of(), List.of("stop failed: " + e)));
    }

    /** Signals and waits until the deadline; completes with a report if everything went, else null. */
    private CompletableFuture<StopReport> graceful(Map<Integer, ProcessIdentity> members, Signal signal, long deadline,
                                                  Executor executor) {
        if (!members.isEmpty()) {
            signal(members.values(), signal);
        }
        return goneWithin(members.values(), deadline - System.nanoTime()).thenComposeAsync(allGone -> {
            if (!allGone) {
                return CompletableFuture.completedFuture(null);   // grace period over
            }
            // A fresh look for forks since the first scan: cheap when nothing is left.
            Map<Integer, ProcessIdentity> next = probablyGone() ? Map.of() : collect();
            if (next.isEmpty()) {
                reapKnown();
                return CompletableFuture.completedFuture(new StopReport(false, List.of(), List.of()));
            }
            if (deadline - System.nanoTime() <= 0) {
                return CompletableFuture.completedFuture(null);
            }
            return graceful(next, signal, deadline, executor);
        }, executor);
    }

    /** SIGKILL to what is left (or the unit), twice if something forked meanwhile. */
    private CompletableFuture<StopReport> kill(Signal first, BooleanSupplier killUnit, Executor executor) {
        Map<Integer, ProcessIdentity> stubborn = collect();
        if (stubborn.isEmpty()) {
            reapKnown();
            return CompletableFuture.completedFuture(new StopReport(false, List.of(), List.of()));
        }
        List<String> described = describe(stubborn.values());
        if (!killUnit.getAsBoolean()) {
            signal(stubborn.values(), Signal.KILL);
        }
        return goneWithin(stubborn.values(), KILL_WAIT.toNanos()).thenComposeAsync(gone -> {
            Map<Integer, ProcessIdentity> survivors = collect();
            if (survivors.isEmpty() || killUnit.getAsBoolean()) {
                return CompletableFuture.completedFuture(survivors);
            }
            signal(survivors.values(), Signal.KILL);   // forked while we killed
            return goneWithin(survivors.values(), KILL_WAIT.toNanos()).thenApplyAsync(again -> collect(), executor);
        }, executor).thenApply(survivors -> {
            reapKnown();
            return new StopReport(first != Signal.KILL, described, describe(survivors.values()));
        });
    }

    /** Reaps the zombies of members re-parented to us, before anyone looks. */
    private void reapKnown() {
        for (int member : known.keySet()) {
            supervisor.reapIfOurs(member);
        }
        supervisor.requestSweep();
    }

    /**
     * What a stop did.
     *
     * @param killed whether SIGKILL was needed after the grace period
     * @param killedProcesses the processes that got SIGKILL ("123 (sleep)")
     * @param survivors processes still alive after SIGKILL (uninterruptible sleep); empty normally
     */
    public record StopReport(boolean killed, List<String> killedProcesses, List<String> survivors) {
    }

    /** The living members of the tree, by pid; records each. */
    Map<Integer, ProcessIdentity> collect() {
        return collect(ProcessTable.scan());
    }

    private Map<Integer, ProcessIdentity> collect(ProcessTable table) {
        int self = supervisor.selfPid();
        List<Integer> roots = new ArrayList<>();
        table.get(pid).filter(p -> p.startTimeTicks() == startTicks).ifPresent(p -> roots.add(pid));
        for (long unitPid : unitPids.get()) {
            table.get((int) unitPid).ifPresent(p -> roots.add(p.pid()));
        }
        for (ProcessIdentity p : table.all()) {
            if (p.processGroup() == pid || p.session() == pid) {
                roots.add(p.pid());
            } else if (known.containsKey(p.pid()) && known.get(p.pid()) == p.startTimeTicks()) {
                roots.add(p.pid());
            } else if (p.parentPid() == self && !supervisor.isLeader(p.pid()) && !p.isZombie()
                    && carriesSpawnId(p.pid())) {
                roots.add(p.pid());
            }
        }
        Map<Integer, ProcessIdentity> members = new LinkedHashMap<>();
        List<Integer> queue = new ArrayList<>(roots);
        while (!queue.isEmpty()) {
            int next = queue.remove(0);   // breadth first: parents are signalled before their children
            if (next == self || next <= 1 || members.containsKey(next)) {
                continue;
            }
            ProcessIdentity p = table.get(next).orElse(null);
            if (p == null) {
                continue;
            }
            members.put(next, p);
            queue.addAll(table.childrenOf(next));
        }
        Map<Integer, ProcessIdentity> living = new LinkedHashMap<>();
        for (ProcessIdentity p : members.values()) {
            known.put(p.pid(), p.startTimeTicks());
            supervisor.recordMember(p.pid(), p.startTimeTicks());
            if (!p.isZombie()) {
                living.put(p.pid(), p);
            }
        }
        return living;
    }

    /** Whether {@code pid} descends from this spawn (inherited HSU_SPAWN_ID); a newer spawn of the worker has another. */
    private boolean carriesSpawnId(int pid) {
        return spawnId != null && pid != this.pid
                && ProcessTable.environmentContains(pid, List.of(LinuxSupervisor.SPAWN_ID_VARIABLE + "=" + spawnId));
    }

    private int signal(Collection<ProcessIdentity> members, Signal signal) {
        Posix posix = Posix.get();
        int reached = 0;
        boolean groupAlive = false;
        for (ProcessIdentity p : members) {
            groupAlive |= p.processGroup() == pid;
        }
        if (groupAlive) {
            // The whole group at once, so a shell and its child get the signal together; the
            // group id cannot name strangers while a member lives (the kernel keeps it allocated).
            try {
                posix.killGroup(pid, signal);
            } catch (PosixException e) {
                log.warn("worker '{}': cannot send {} to process group {}: {}", workerId, signal.signalName(), pid,
                        e.getMessage());
            }
        }
        for (ProcessIdentity p : members) {
            if (p.processGroup() == pid) {
                reached++;
                continue;
            }
            if (!ProcessIdentity.isStillRunning(p.pid(), p.startTimeTicks())) {
                continue;   // gone, or the pid was recycled: never signal a stranger
            }
            try {
                if (posix.kill(p.pid(), signal)) {
                    reached++;
                }
            } catch (PosixException e) {
                log.warn("worker '{}': cannot send {} to pid {}: {}", workerId, signal.signalName(), p.pid(),
                        e.getMessage());
            }
        }
        return reached;
    }

    /** Completes with true when every member is gone, or with false after {@code timeoutNanos}. */
    private CompletableFuture<Boolean> goneWithin(Collection<ProcessIdentity> members, long timeoutNanos) {
        if (members.isEmpty()) {
            return CompletableFuture.completedFuture(true);
        }
        List<CompletableFuture<Void>> gone = new ArrayList<>();
        for (ProcessIdentity p : members) {
            gone.add(p.pid() == pid && spawned ? exit.thenApply(s -> (Void) null)
                    : supervisor.awaitGone(p.pid(), p.startTimeTicks()));
        }
        return CompletableFuture.allOf(gone.toArray(new CompletableFuture<?>[0])).thenApply(v -> true)
                .completeOnTimeout(false, Math.max(1, timeoutNanos), TimeUnit.NANOSECONDS);
    }

    private static List<String> describe(Collection<ProcessIdentity> members) {
        List<String> result = new ArrayList<>();
        for (ProcessIdentity p : members) {
            result.add(p.pid() + " (" + p.command() + ")");
        }
        return result;
    }

    @Override
    public String toString() {
        return "pid " + pid + (spawned ? "" : " (adopted)");
    }
}
