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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Stopping the whole tree: a process-group kill alone misses a descendant that called setsid, and
 * the leader's death re-parents its children. So before each signal the tree is collected from one
 * read of /proc: the leader, every process in the leader's process group or session (the kernel
 * keeps that id allocated while any member lives, so it cannot name a stranger), every process
 * recorded earlier as a member, every child of the JVM (the subreaper) carrying this worker's
 * environment marker, and all their descendants. Members are recorded (pid + start time) so a
 * member found once is found again after it leaves the group and is re-parented, and so its zombie
 * may be reaped. Each member is signalled only after its start time is checked.
 */
/** A worker's process (spawned or adopted) and its tree; thread-safe. */
public final class LinuxProcess {
    private static final Logger log = LoggerFactory.getLogger(LinuxProcess.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final String workerId;
    private final int pid;
    private final long startTicks;
    private final boolean spawned;
    private final LinuxSupervisor supervisor;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    /** Members seen in this tree: pid -> start ticks. */
    private final Map<Integer, Long> known = new ConcurrentHashMap<>();

    LinuxProcess(String workerId, int pid, long startTicks, boolean spawned, LinuxSupervisor supervisor) {
        this.workerId = workerId;
        this.pid = pid;
        this.startTicks = startTicks;
        this.spawned = spawned;
        this.supervisor = supervisor;
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
        for (int child : ProcessTable.childrenOfSelf()) {
            if (!supervisor.isLeader(child) && supervisor.carriesMarker(child, workerId)) {
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
     * again. Blocking; call it off the worker's serial executor.
     *
     * @param killUnit kills the worker's whole unit at once where one exists (a cgroup); returns
     *     false when there is none, then the members are killed one by one
     * @return what happened
     */
    public StopReport stop(Signal signal, Duration grace, BooleanSupplier killUnit) {
        // A recent shared scan is enough for the first signal: the group signal reaches later
        // forks of the group, and every later step scans afresh.
        Map<Integer, ProcessIdentity> members = collect(ProcessTable.recentScan());
        if (members.isEmpty()) {
            return new StopReport(false, List.of(), List.of());
        }
        if (signal != Signal.KILL) {
            signal(members.values(), signal);
            if (awaitGone(members.values(), grace)) {
                reapKnown();
                return new StopReport(false, List.of(), List.of());
            }
        }
        Map<Integer, ProcessIdentity> stubborn = collect();
        List<String> described = describe(stubborn.values());
        if (!killUnit.getAsBoolean()) {
            signal(stubborn.values(), Signal.KILL);
        }
        awaitGone(stubborn.values(), KILL_WAIT);
        Map<Integer, ProcessIdentity> survivors = collect();
        if (!survivors.isEmpty() && !killUnit.getAsBoolean()) {
            signal(survivors.values(), Signal.KILL);   // forked while we killed
            awaitGone(survivors.values(), KILL_WAIT);
            survivors = collect();
        }
        reapKnown();
        return new StopReport(signal != Signal.KILL, described, describe(survivors.values()));
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
        for (ProcessIdentity p : table.all()) {
            if (p.processGroup() == pid || p.session() == pid) {
                roots.add(p.pid());
            } else if (known.containsKey(p.pid()) && known.get(p.pid()) == p.startTimeTicks()) {
                roots.add(p.pid());
            } else if (p.parentPid() == self && !supervisor.isLeader(p.pid()) && !p.isZombie()
                    && supervisor.carriesMarker(p.pid(), workerId)) {
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

    private boolean awaitGone(Collection<ProcessIdentity> members, Duration timeout) {
        List<CompletableFuture<Void>> gone = new ArrayList<>();
        for (ProcessIdentity p : members) {
            gone.add(p.pid() == pid && spawned ? exit.thenApply(s -> (Void) null)
                    : supervisor.awaitGone(p.pid(), p.startTimeTicks()));
        }
        try {
            CompletableFuture.allOf(gone.toArray(new CompletableFuture<?>[0]))
                    .get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
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
