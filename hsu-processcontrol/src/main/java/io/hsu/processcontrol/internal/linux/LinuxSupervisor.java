package io.hsu.processcontrol.internal.linux;

import io.hsu.core.ExitStatus;
import io.hsu.core.internal.Threads;
import io.hsu.core.posix.Epoll;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.PosixException;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.core.posix.WaitResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Concurrency: one loop thread ("hsu-exit-watcher") waits in epoll on the pidfd of every process
 * HSU watches: the workers it spawned, adopted workers, and the members of a tree being stopped.
 * Other threads register watches (map entry first, then EPOLL_CTL_ADD); only the loop removes a
 * watch, closes its pidfd and reaps. Callbacks run on the loop and must only hand off (they post to
 * the worker's serial executor). No thread per worker, no polling: a pidfd becomes readable when its
 * process exits.
 *
 * Reaping without stealing from the JDK: this process is a child subreaper, so orphans of worker
 * trees are re-parented to the JVM and must be reaped by HSU, while the JDK's own reaper thread
 * waits for the children ProcessBuilder started (exec probes, tests, other libraries). HSU never
 * calls waitid(P_ALL) without WNOWAIT. It reaps (waitid(P_PID)) only:
 *   - a worker leader it spawned, when the leader's pidfd fires;
 *   - a zombie child of the JVM outside the JVM's own session (ProcessBuilder children stay in the
 *     JVM's session, so they are never touched, even when adopted as workers) that was recorded as a member of a worker tree (pid and start time),
 *     or whose session is the session of a worker leader HSU spawned (ProcessBuilder children stay
 *     in the JVM's session), or whose environment carried this supervisor's marker while it lived
 *     (HSU_SUPERVISOR_PID, recorded at each sweep).
 * Sweeps run on the loop after each batch of exits and at least once a minute. A zombie in the
 * JVM's own session that is still there 5 s after a sweep first saw it is an orphan of a
 * ProcessBuilder child (the JDK reaps its own children at once), and is reaped too.
 *
 * Lifecycle: created on first use, for the life of the JVM (daemon thread); never closed.
 *
 * Failure handling: a callback that throws is logged; a pidfd_open that fails with ESRCH means
 * the process is already gone and completes the watch at once.
 */
/** The JVM-wide exit watcher and orphan reaper; see the comment above. */
public final class LinuxSupervisor {
    private static final Logger log = LoggerFactory.getLogger(LinuxSupervisor.class);
    /** The environment marker of every worker: the pid of the JVM that spawned it. */
    public static final String SUPERVISOR_PID_VARIABLE = "HSU_SUPERVISOR_PID";
    /** The environment marker of every worker: its worker id. */
    public static final String WORKER_ID_VARIABLE = "HSU_WORKER_ID";
    /** The environment marker of every worker: the id of the spawn its tree descends from. */
    public static final String SPAWN_ID_VARIABLE = "HSU_SPAWN_ID";
    private static final int SWEEP_INTERVAL_MILLIS = 60_000;
    private static final int MAX_SESSIONS = 16_384;
    private static final long LINGER_NANOS = 5_000_000_000L;

    private static final Object LOCK = new Object();
    private static volatile LinuxSupervisor instance;

    private final Posix posix;
    private final Epoll epoll;
    private final int selfPid;
    private final int selfSession;
    private final String marker;
    private final Map<Integer, Watch> watchesByFd = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong spawnCounter = new java.util.concurrent.atomic.AtomicLong();
    /** Worker leaders spawned and not reaped yet: never reaped by a sweep. */
    private final Set<Integer> leaders = ConcurrentHashMap.newKeySet();
    /** Members of worker trees seen alive: pid -> start ticks. */
    private final Map<Integer, Long> members = new ConcurrentHashMap<>();
    /** Zombies in the JVM's session, (pid << 40 | start ticks) -> first seen (nanoTime); loop thread only. */
    private final Map<Long, Long> lingering = new java.util.HashMap<>();
    private final ReentrantLock sessionsLock = new ReentrantLock();
    /** Read-held by spawns until the new pid is a leader, write-held by each orphan reap. */
    private final java.util.concurrent.locks.ReadWriteLock reapLock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** Sessions of spawned leaders (their pids), most recent last; guarded by sessionsLock. */
    private final LinkedHashSet<Integer> workerSessions = new LinkedHashSet<>();

    private LinuxSupervisor() {
        posix = Posix.get();
        selfPid = posix.getpid();
        selfSession = posix.getsid(0);
        marker = SUPERVISOR_PID_VARIABLE + "=" + selfPid;
        try {
            posix.setChildSubreaper(true);
        } catch (PosixException e) {
            log.warn("cannot become child subreaper; orphans of workers go to init: {}", e.getMessage());
        }
        epoll = Epoll.open(128);
        Thread loop = Threads.daemonFactory("hsu-exit-watcher").newThread(this::run);
        loop.start();
    }

    /** The supervisor of this JVM, started on first use. */
    public static LinuxSupervisor get() {
        LinuxSupervisor s = instance;
        if (s != null) {
            return s;
        }
        synchronized (LOCK) {
            if (instance == null) {
                instance = new LinuxSupervisor();
            }
            return instance;
        }
    }

    /** This JVM's pid. */
    public int selfPid() {
        return selfPid;
    }

    /** The marker entry every worker's environment carries. */
    String marker() {
        return marker;
    }

    /**
     * Records a freshly spawned leader (before anything may reap it) and watches it: {@code onExit}
     * gets its exit status from waitid, on the loop thread.
     */
    void watchSpawned(int pid, Consumer<ExitStatus> onExit) {
        leaders.add(pid);
        sessionsLock.lock();
        try {
            workerSessions.remove(pid);
            workerSessions.add(pid);
            if (workerSessions.size() > MAX_SESSIONS) {
                workerSessions.remove(workerSessions.iterator().next());
            }
        } finally {
            sessionsLock.unlock();
        }
        int pidfd = posix.pidfdOpen(pid);   // our unreaped child: cannot fail with ESRCH
        register(new Watch(pid, pidfd, true, onExit));
    }

    /** Gives up a leader that could not be watched (already killed): a sweep reaps its zombie. */
    void abandonLeader(int pid) {
        leaders.remove(pid);
        requestSweep();
    }

    /**
     * Watches a process HSU did not spawn in this life (adopted, attached, or a tree member),
     * identified by pid and start time. {@code onExit} runs on the loop when it is gone, or at once
     * (on the caller's thread) if it is already gone or the pid now names another process.
     *
     * @return false if it was already gone
     */
    boolean watchOther(int pid, long startTicks, Consumer<ExitStatus> onExit) {
        int pidfd;
        try {
            pidfd = posix.pidfdOpen(pid);
        } catch (PosixException e) {
            reapIfOurs(pid);
            onExit.accept(ExitStatus.unknown("process " + pid + " was already gone"));
            return false;
        }
        // The pidfd refers to whatever has this pid now; it is the right process only if it still
        // has the start time we know (checked after opening, so a later recycle cannot fool us).
        if (!ProcessIdentity.isStillRunning(pid, startTicks)) {
            posix.close(pidfd);
            reapIfOurs(pid);
            onExit.accept(ExitStatus.unknown("process " + pid + " was already gone"));
            return false;
        }
        register(new Watch(pid, pidfd, false, onExit));
        return true;
    }

    /** Completes when the process (pid, start time) is gone; at once if it already is. */
    CompletableFuture<Void> awaitGone(int pid, long startTicks) {
        CompletableFuture<Void> gone = new CompletableFuture<>();
        watchOther(pid, startTicks, status -> gone.complete(null));
        return gone;
    }

    /** Remembers that (pid, start) belongs to a worker tree, so its zombie may be reaped. */
    void recordMember(int pid, long startTicks) {
        if (pid != selfPid) {
            members.put(pid, startTicks);
        }
    }

    /** Whether this process carries the supervisor marker of this JVM. */
    boolean carriesMarker(int pid) {
        return ProcessTable.environmentContains(pid, List.of(marker));
    }

    /**
     * A new spawn id, unique across masters ({@code <supervisor pid>-<n>}): every process of one
     * spawned tree inherits it, so an orphan is attributed to the right tree, never to a newer
     * process of the same worker.
     */
    String nextSpawnId() {
        return selfPid + "-" + spawnCounter.incrementAndGet();
    }

    /** Whether {@code pid} is a worker leader spawned by this JVM and not yet reaped. */
    boolean isLeader(int pid) {
        return leaders.contains(pid);
    }

    /** Asks the loop to reap the zombies of worker-tree orphans now. */
    void requestSweep() {
        epoll.wakeup();
    }

    private void register(Watch watch) {
        watchesByFd.put(watch.pidfd, watch);
        try {
            epoll.add(watch.pidfd, Epoll.IN);
        } catch (RuntimeException e) {
            watchesByFd.remove(watch.pidfd);
            posix.close(watch.pidfd);
            throw e;
        }
    }

    private void run() {
        while (true) {
            try {
                int n = epoll.await(SWEEP_INTERVAL_MILLIS);
                List<Runnable> callbacks = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    Watch watch = watchesByFd.remove(epoll.readyFd(i));
                    if (watch != null) {
                        callbacks.add(finish(watch));
                    }
                }
                for (Runnable callback : callbacks) {
                    callback.run();
                }
                sweep();
            } catch (RuntimeException | Error e) {
                log.error("exit watcher loop failed; continuing", e);
            }
        }
    }

    private Runnable finish(Watch watch) {
        try {
            epoll.remove(watch.pidfd);
        } catch (PosixException e) {
            log.debug("epoll remove of pidfd {} failed: {}", watch.pidfd, e.getMessage());
        }
        posix.close(watch.pidfd);
        ExitStatus status;
        if (watch.child) {
            status = reapLeader(watch.pid);
        } else {
            status = ExitStatus.unknown("not a child of this master; exit status unavailable");
            reapIfOurs(watch.pid);
        }
        return () -> {
            try {
                watch.onExit.accept(status);
            } catch (RuntimeException e) {
                log.error("exit callback for pid {} failed", watch.pid, e);
            }
        };
    }

    private ExitStatus reapLeader(int pid) {
        try {
            for (int attempt = 0; attempt < 1000; attempt++) {
                Optional<WaitResult> result = posix.waitidNoHang(pid);
                if (result.isPresent()) {
                    WaitResult r = result.get();
                    return r.exited() ? ExitStatus.exited(r.exitCode() & 0xff)
                            : new ExitStatus.Signaled(r.signalNumber(), r.coreDumped(), false);
                }
                Thread.onSpinWait();   // the pidfd fired, the zombie is a moment away
            }
            return ExitStatus.unknown("pid " + pid + " did not become reapable");
        } catch (PosixException e) {
            return ExitStatus.unknown("cannot reap pid " + pid + ": " + e.getMessage());
        } finally {
            leaders.remove(pid);
        }
    }

    /** Reaps {@code pid} if it is a zombie child of the JVM that belongs to a worker tree; any thread. */
    void reapIfOurs(int pid) {
        Optional<ProcessIdentity> p = readQuietly(pid);
        if (p.isPresent() && p.get().isZombie() && p.get().parentPid() == selfPid && !leaders.contains(pid)
                && belongsToWorker(p.get())) {
            reap(pid);
        }
    }

    private boolean belongsToWorker(ProcessIdentity p) {
        if (p.session() == selfSession) {
            return false;   // ProcessBuilder children share the JVM's session: the JDK reaps them
        }
        Long recorded = members.get(p.pid());
        if (recorded != null && recorded == p.startTimeTicks()) {
            return true;
        }
        sessionsLock.lock();
        try {
            return workerSessions.contains(p.session());
        } finally {
            sessionsLock.unlock();
        }
    }

    private void reap(int pid) {
        reapLock.writeLock().lock();
        try {
            if (leaders.contains(pid)) {
                return;   // a spawn that just returned this recycled pid: its watcher reaps it
            }
            posix.waitidNoHang(pid);
        } catch (PosixException e) {
            log.debug("reaping orphan {} failed: {}", pid, e.getMessage());
        } finally {
            reapLock.writeLock().unlock();
        }
        members.remove(pid);
    }

    /**
     * Runs a spawn so that no orphan reaping can happen between the child's birth and its
     * registration as a leader (it could be taken for an orphan and its status stolen).
     */
    int spawn(java.util.function.IntSupplier spawner) {
        reapLock.readLock().lock();
        try {
            int pid = spawner.getAsInt();
            leaders.add(pid);
            return pid;
        } finally {
            reapLock.readLock().unlock();
        }
    }

    /** Reaps the zombies of worker-tree orphans and records living orphans that carry our marker. */
    private void sweep() {
        long now = System.nanoTime();
        List<Integer> children;
        try {
            children = ProcessTable.childrenOfSelf();
        } catch (RuntimeException e) {
            log.debug("cannot list children: {}", e.toString());
            return;
        }
        for (int pid : children) {
            if (leaders.contains(pid)) {
                continue;
            }
            Optional<ProcessIdentity> p = readQuietly(pid);
            if (p.isEmpty()) {
                continue;
            }
            if (p.get().isZombie()) {
                if (belongsToWorker(p.get())) {
                    reap(pid);
                } else if (p.get().session() == selfSession && lingeredLongEnough(p.get(), now)) {
                    reap(pid);
                }
            } else if (!members.containsKey(pid) && p.get().session() != selfSession && carriesMarker(pid)) {
                members.put(pid, p.get().startTimeTicks());
            }
        }
        // Forget members that are gone or were recycled, and zombies no longer lingering.
        members.entrySet().removeIf(e -> readQuietly(e.getKey())
                .map(p -> p.startTimeTicks() != e.getValue()).orElse(true));
        lingering.keySet().removeIf(key -> readQuietly((int) (key >>> 40))
                .map(p -> !p.isZombie() || (p.startTimeTicks() & 0xFF_FFFF_FFFFL) != (key & 0xFF_FFFF_FFFFL))
                .orElse(true));
    }

    /**
     * A zombie child in the JVM's own session: a ProcessBuilder child (the JDK's reaper thread is
     * already waiting for it and reaps it within microseconds), or an orphan of one re-parented to
     * us because we are a subreaper (an exec probe that left something in the background), which
     * nobody else will ever reap. A zombie still there after {@link #LINGER_NANOS} is the latter.
     */
    private boolean lingeredLongEnough(ProcessIdentity p, long now) {
        long key = ((long) p.pid() << 40) | (p.startTimeTicks() & 0xFF_FFFF_FFFFL);
        Long first = lingering.putIfAbsent(key, now);
        return first != null && now - first > LINGER_NANOS;
    }

    private static Optional<ProcessIdentity> readQuietly(int pid) {
        try {
            return ProcessIdentity.read(pid);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static final class Watch {
        final int pid;
        final int pidfd;
        final boolean child;
        final Consumer<ExitStatus> onExit;

        Watch(int pid, int pidfd, boolean child, Consumer<ExitStatus> onExit) {
            this.pid = pid;
            this.pidfd = pidfd;
            this.child = child;
            this.onExit = onExit;
        }
    }
}
