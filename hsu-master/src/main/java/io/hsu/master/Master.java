package io.hsu.master;

import io.hsu.core.ErrorKind;
import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.core.event.EventSource;
import io.hsu.core.event.Subscription;
import io.hsu.core.event.WorkerEvent;
import io.hsu.core.internal.Checks;
import io.hsu.core.internal.SerialExecutor;
import io.hsu.core.posix.Posix;
import io.hsu.master.config.Dependency;
import io.hsu.master.config.DependencyCondition;
import io.hsu.logs.LogCollectionConfig;
import io.hsu.master.config.HsuConfig;
import io.hsu.processcontrol.RestartMode;
import io.hsu.master.config.WorkerConfig;
import io.hsu.master.internal.StateDirectory;
import io.hsu.master.internal.WorkerRuntime;
import io.hsu.master.internal.WorkerRuntimes;
import io.hsu.statemachine.WorkerSnapshot;
import io.hsu.statemachine.WorkerState;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many workers on one host: adds, removes, starts, stops and restarts them, starts dependents once
 * their {@code depends_on} conditions hold, stops in reverse dependency order, and merges every
 * worker's events into one stream.
 *
 * <pre>{@code
 * HsuConfig config = HsuConfig.load(Path.of("hsu.yaml"), YamlOptions.ofDefaults());
 * try (Master master = Master.open(config, Optional.empty(), System.out)) {
 *     master.events().subscribe(System.out::println);
 *     master.startAll();
 *     ...
 * }   // close() stops every worker (force after force_shutdown_timeout) and releases the state directory
 * }</pre>
 *
 * <p>Dependencies are a level, not an edge: a waiting worker starts when all its conditions hold at
 * the same time, re-checked on every event of any worker; {@link #stop} cancels the wait. A worker
 * that already runs keeps running when a dependency fails.
 *
 * <p>Thread-safe: every method may be called from any thread; orchestration decisions run one at a
 * time on the master's own serial executor. Worker failures never propagate to the caller of
 * another worker's operation. The creator closes the master; {@link #close()} is idempotent.
 */
public final class Master implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Master.class);

    private final StateDirectory stateDirectory;
    private final Scheduler scheduler;
    private final Duration forceShutdownTimeout;
    private final WorkerRuntimes runtimes;
    private final EventPublisher<WorkerEvent> events = new EventPublisher<>();
    private final SerialExecutor orchestration = new SerialExecutor("master");

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. */
    private final Map<WorkerId, Entry> workers = new LinkedHashMap<>();
    /** Guarded by lock. */
    private boolean closed;

    /** One worker and what the master keeps about it. */
    private static final class Entry {
        final WorkerConfig config;
        final WorkerRuntime runtime;
        final Subscription subscription;
        /** Waits for dependencies; written on the orchestration executor, read by anyone. */
        volatile boolean pending;
        volatile String waitingFor = "";

        Entry(WorkerConfig config, WorkerRuntime runtime, Subscription subscription) {
            this.config = config;
            this.runtime = runtime;
            this.subscription = subscription;
        }
    }

    private Master(Builder b) {
        this.stateDirectory = StateDirectory.lock(b.stateDirectory, ProcessHandle.current().pid());
        this.scheduler = b.scheduler;
        this.forceShutdownTimeout = b.forceShutdownTimeout;
        this.runtimes = new WorkerRuntimes(stateDirectory, scheduler, b.logCollection, b.stdout, b.stderr, b.runtimeFactory);
        if (b.subreaper) {
            // hsu-processcontrol reaps the orphans this inherits (without stealing the JDK's children)
            try {
                Posix.get().setChildSubreaper(true);
            } catch (RuntimeException e) {
                log.warn("cannot become a child subreaper ({}); double-forking workers may escape supervision", e.getMessage());
            }
        }
    }

    /** A builder; {@link Builder#stateDirectory(Path)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A master for {@code config}: the state directory is {@code stateDirOverride}, else the
     * config's {@code master.state_dir}, else the default; every worker of the config is added
     * (not started). Worker output bound for the master goes to {@code stdout} as {@code id | line}.
     *
     * @throws StateDirectoryLockedException if another master holds the state directory
     */
    public static Master open(HsuConfig config, Optional<Path> stateDirOverride, OutputStream stdout) {
        Path dir = stateDirOverride.or(() -> config.master().stateDir())
                .orElseGet(() -> StateDirectory.defaultDirectory(System.getenv(), isRoot()));
        Master master = builder().stateDirectory(dir)
                .forceShutdownTimeout(config.master().forceShutdownTimeout())
                .stdout(stdout)
                .logCollection(config.logCollection())
                .build();
        try {
            for (WorkerConfig worker : config.workers()) {
                master.add(worker);
            }
        } catch (RuntimeException e) {
            master.close();
            throw e;
        }
        return master;
    }

    private static boolean isRoot() {
        try {
            return Posix.get().geteuid() == 0;
        } catch (RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The state directory this master holds. */
    public Path stateDirectory() {
        return stateDirectory.path();
    }

    /** Every worker's events: lifecycle changes, health changes, dependency waits. */
    public EventSource<WorkerEvent> events() {
        return events;
    }

    // ------------------------------------------------------------------ add, remove

    /**
     * Adds a worker (registered, not started).
     *
     * @throws MasterException of kind CONFIG if the id is taken or its dependencies would form a cycle
     * @throws MasterException of kind STATE after {@link #close()}
     */
    public void add(WorkerConfig config) {
        Checks.notNull(config, "config");
        lock.lock();
        try {
            requireOpen();
            if (workers.containsKey(config.id())) {
                throw new MasterException(ErrorKind.CONFIG, "worker '" + config.id() + "' already exists");
            }
            Map<WorkerId, List<WorkerId>> graph = graph();
            graph.put(config.id(), config.dependsOn().stream().map(Dependency::worker).toList());
            Optional<String> cycle = cycleThrough(config.id(), graph);
            if (cycle.isPresent()) {
                throw new MasterException(ErrorKind.CONFIG, "worker '" + config.id() + "' would close a dependency cycle: " + cycle.get());
            }
            WorkerRuntime runtime = runtimes.create(config);
            Subscription subscription = runtime.events().subscribe(event -> {
                events.publish(event);
                orchestration.execute(this::reconcile);
            });
            workers.put(config.id(), new Entry(config, runtime, subscription));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops a worker (in the order its dependents need) and forgets it.
     *
     * @return completes when it is stopped and removed
     * @throws MasterException of kind NOT_FOUND for an unknown id
     */
    public CompletableFuture<Void> remove(WorkerId id) {
        Entry entry = entry(id);
        // Not on the thread that completed the stop: that may be the worker's own serial executor,
        // on which closing its process control would wait for itself.
        return stop(id).thenRunAsync(() -> {
            lock.lock();
            try {
                workers.remove(id, entry);
            } finally {
                lock.unlock();
            }
            entry.subscription.close();
            entry.runtime.close();
        }, orchestration);
    }

    // ------------------------------------------------------------------ start, stop, restart

    /**
     * Starts every enabled worker: independent ones at once (in parallel), dependents once their
     * conditions hold. Workers with {@code unless-stopped} that were stopped on request stay stopped.
     */
    public void startAll() {
        for (Entry entry : entries()) {
            if (!entry.config.enabled()) {
                continue;
            }
            if (entry.config.restartMode() == RestartMode.UNLESS_STOPPED
                    && stateDirectory.wasStoppedOnRequest(entry.config.id())
                    && !entry.runtime.hasLiveProcess()) {
                entry.runtime.stop("stopped on request before (unless-stopped)", true);
                continue;
            }
            if (entry.runtime.hasLiveProcess()) {
                entry.runtime.start("re-adopting");  // already running: keep it, whatever its dependencies do
            } else {
                entry.pending = true;
            }
        }
        orchestration.execute(this::reconcile);
    }

    /**
     * Starts one worker once its dependencies hold.
     *
     * @throws MasterException of kind NOT_FOUND for an unknown id
     */
    public void start(WorkerId id) {
        Entry entry = entry(id);
        stateDirectory.setStoppedOnRequest(id, false);
        entry.pending = true;
        orchestration.execute(this::reconcile);
    }

    /**
     * Stops one worker (cancels its wait if it waits), remembering that it was stopped on request.
     *
     * @return completes with its snapshot once its whole process group is gone
     * @throws MasterException of kind NOT_FOUND for an unknown id
     */
    public CompletableFuture<WorkerSnapshot> stop(WorkerId id) {
        Entry entry = entry(id);
        cancelWait(entry);
        stateDirectory.setStoppedOnRequest(id, true);
        return entry.runtime.stop("stop requested", true);
    }

    /**
     * Restarts one worker: stopping, then starting.
     *
     * @throws MasterException of kind NOT_FOUND for an unknown id
     */
    public void restart(WorkerId id) {
        Entry entry = entry(id);
        stateDirectory.setStoppedOnRequest(id, false);
        entry.runtime.restart("restart requested");
    }

    /**
     * Stops every worker, dependents before what they depend on; independent ones in parallel.
     *
     * @return completes when every worker is stopped
     */
    public CompletableFuture<Void> stopAll() {
        List<Entry> all = entries();
        all.forEach(this::cancelWait);
        Map<WorkerId, List<WorkerId>> dependents = new HashMap<>();
        for (Entry entry : all) {
            for (Dependency d : entry.config.dependsOn()) {
                dependents.computeIfAbsent(d.worker(), k -> new ArrayList<>()).add(entry.config.id());
            }
        }
        Map<WorkerId, Entry> byId = new LinkedHashMap<>();
        all.forEach(e -> byId.put(e.config.id(), e));
        Map<WorkerId, CompletableFuture<Void>> stops = new HashMap<>();
        for (Entry entry : all) {
            stopAfterDependents(entry.config.id(), byId, dependents, stops);
        }
        return CompletableFuture.allOf(stops.values().toArray(new CompletableFuture<?>[0]));
    }

    private CompletableFuture<Void> stopAfterDependents(WorkerId id, Map<WorkerId, Entry> byId,
                                                       Map<WorkerId, List<WorkerId>> dependents,
                                                       Map<WorkerId, CompletableFuture<Void>> stops) {
        CompletableFuture<Void> known = stops.get(id);
        if (known != null) {
            return known;
        }
        Entry entry = byId.get(id);
        if (entry == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> before = new ArrayList<>();
        for (WorkerId dependent : dependents.getOrDefault(id, List.of())) {
            before.add(stopAfterDependents(dependent, byId, dependents, stops));
        }
        CompletableFuture<Void> stop = CompletableFuture.allOf(before.toArray(new CompletableFuture<?>[0]))
                .handle((x, e) -> null)
                .thenCompose(x -> entry.runtime.stop("master stopping", false))
                .handle((s, e) -> null);
        stops.put(id, stop);
        return stop;
    }

    // ------------------------------------------------------------------ reading

    /** What the master knows about every worker, in the order they were added. */
    public List<WorkerInfo> workers() {
        List<WorkerInfo> result = new ArrayList<>();
        for (Entry entry : entries()) {
            result.add(info(entry));
        }
        return result;
    }

    /** What the master knows about one worker. */
    public Optional<WorkerInfo> worker(WorkerId id) {
        lock.lock();
        Entry entry;
        try {
            entry = workers.get(id);
        } finally {
            lock.unlock();
        }
        return Optional.ofNullable(entry).map(this::info);
    }

    private WorkerInfo info(Entry entry) {
        String waiting = entry.waitingFor;
        return new WorkerInfo(entry.config.id(), entry.config.type(), entry.runtime.snapshot(), entry.runtime.isHealthy(),
                entry.pending && !waiting.isEmpty() ? Optional.of(waiting) : Optional.empty(), entry.runtime.port());
    }

    // ------------------------------------------------------------------ close

    /**
     * Stops every worker (in reverse dependency order), SIGKILLs what is left after
     * {@code force_shutdown_timeout}, and releases the state directory. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        CompletableFuture<Void> all = stopAll();
        try {
            all.get(Math.max(1, forceShutdownTimeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("workers still running after force_shutdown_timeout {}; sending SIGKILL", forceShutdownTimeout);
            entries().forEach(entry -> entry.runtime.kill());
            try {
                all.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e2) {
                log.warn("some workers did not stop even after SIGKILL");
            } catch (InterruptedException e2) {
                Thread.currentThread().interrupt();
            }
        } catch (ExecutionException e) {
            log.warn("stopping the workers failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Entry entry : entries()) {
            entry.subscription.close();
            entry.runtime.close();
        }
        runtimes.close();
        stateDirectory.close();
    }

    // ------------------------------------------------------------------ dependencies

    /** Starts each pending worker whose conditions all hold; runs on the orchestration executor. */
    private void reconcile() {
        for (Entry entry : entries()) {
            if (!entry.pending) {
                continue;
            }
            List<String> unmet = new ArrayList<>();
            for (Dependency dependency : entry.config.dependsOn()) {
                if (!holds(dependency)) {
                    unmet.add(dependency.worker() + " (" + describe(dependency) + ")");
                }
            }
            String waitingFor = String.join(", ", unmet);
            if (unmet.isEmpty()) {
                entry.pending = false;
                if (!entry.waitingFor.isEmpty()) {
                    entry.waitingFor = "";
                    events.publish(new WorkerWaiting(entry.config.id(), scheduler.now(), 0, ""));
                }
                entry.runtime.start(entry.config.dependsOn().isEmpty() ? "start requested" : "dependencies ready");
            } else if (!waitingFor.equals(entry.waitingFor)) {
                entry.waitingFor = waitingFor;
                events.publish(new WorkerWaiting(entry.config.id(), scheduler.now(), 0, waitingFor));
            }
        }
    }

    private boolean holds(Dependency dependency) {
        Entry target;
        lock.lock();
        try {
            target = workers.get(dependency.worker());
        } finally {
            lock.unlock();
        }
        if (target == null) {
            return false;
        }
        WorkerSnapshot snapshot = target.runtime.snapshot();
        switch (dependency.condition()) {
            case STARTED:
                return snapshot.state() == WorkerState.RUNNING;
            case HEALTHY:
                return target.runtime.isHealthy();
            case COMPLETED_SUCCESSFULLY:
            default:
                return snapshot.state() == WorkerState.EXITED && snapshot.lastExit()
                        .map(exit -> exit.isSuccess(target.config.process().map(p -> p.restart().successExitCodes())
                                .orElse(java.util.Set.of(0)))).orElse(false);
        }
    }

    private static String describe(Dependency dependency) {
        return dependency.condition() == DependencyCondition.COMPLETED_SUCCESSFULLY ? "completed_successfully"
                : dependency.condition().name().toLowerCase(java.util.Locale.ROOT);
    }

    private void cancelWait(Entry entry) {
        if (entry.pending) {
            entry.pending = false;
            orchestration.execute(() -> {
                if (!entry.waitingFor.isEmpty()) {
                    entry.waitingFor = "";
                    events.publish(new WorkerWaiting(entry.config.id(), scheduler.now(), 0, ""));
                }
            });
        }
    }

    /** Guarded by lock: the dependency graph of the workers added so far. */
    private Map<WorkerId, List<WorkerId>> graph() {
        Map<WorkerId, List<WorkerId>> graph = new HashMap<>();
        for (Entry entry : workers.values()) {
            graph.put(entry.config.id(), entry.config.dependsOn().stream().map(Dependency::worker).toList());
        }
        return graph;
    }

    private static Optional<String> cycleThrough(WorkerId start, Map<WorkerId, List<WorkerId>> graph) {
        // Depth-first from start; a path back to start is a cycle.
        List<WorkerId> path = new ArrayList<>();
        Set<WorkerId> done = new LinkedHashSet<>();
        return visit(start, start, graph, path, done);
    }

    private static Optional<String> visit(WorkerId node, WorkerId start, Map<WorkerId, List<WorkerId>> graph,
                                          List<WorkerId> path, Set<WorkerId> done) {
        path.add(node);
        for (WorkerId next : graph.getOrDefault(node, List.of())) {
            if (next.equals(start)) {
                StringBuilder text = new StringBuilder();
                path.forEach(id -> text.append(id).append(" -> "));
                return Optional.of(text.append(start).toString());
            }
            if (done.add(next)) {
                Optional<String> found = visit(next, start, graph, path, done);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        path.remove(path.size() - 1);
        return Optional.empty();
    }

    // ------------------------------------------------------------------ helpers

    private List<Entry> entries() {
        lock.lock();
        try {
            return new ArrayList<>(workers.values());
        } finally {
            lock.unlock();
        }
    }

    private Entry entry(WorkerId id) {
        Checks.notNull(id, "id");
        lock.lock();
        try {
            Entry entry = workers.get(id);
            if (entry == null) {
                throw new MasterException(ErrorKind.NOT_FOUND, "no worker '" + id + "'");
            }
            return entry;
        } finally {
            lock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new MasterException(ErrorKind.STATE, "the master is closed");
        }
    }

    /** Builds a {@link Master}. Not thread-safe. */
    public static final class Builder {
        private Path stateDirectory;
        private Scheduler scheduler = Scheduler.system();
        private Duration forceShutdownTimeout = Duration.ofSeconds(30);
        private OutputStream stdout = OutputStream.nullOutputStream();
        private OutputStream stderr = OutputStream.nullOutputStream();
        private LogCollectionConfig logCollection = LogCollectionConfig.ofDefaults();
        private WorkerRuntimes.Factory runtimeFactory;
        private boolean subreaper = true;

        private Builder() {
        }

        /** The state directory (required); created if missing. */
        public Builder stateDirectory(Path value) {
            stateDirectory = Checks.notNull(value, "stateDirectory");
            return this;
        }

        /** The time and timers (default: the system scheduler). */
        public Builder scheduler(Scheduler value) {
            scheduler = Checks.notNull(value, "scheduler");
            return this;
        }

        /** @throws IllegalArgumentException if negative */
        public Builder forceShutdownTimeout(Duration value) {
            Checks.argument(!Checks.notNull(value, "forceShutdownTimeout").isNegative(),
                    "forceShutdownTimeout must be >= 0, but was %s", value);
            forceShutdownTimeout = value;
            return this;
        }

        /** Where {@code stdout} and {@code master_stdout} outputs write (default: dropped). */
        public Builder stdout(OutputStream value) {
            stdout = Checks.notNull(value, "stdout");
            return this;
        }

        /** Where {@code stderr} outputs write (default: dropped). */
        public Builder stderr(OutputStream value) {
            stderr = Checks.notNull(value, "stderr");
            return this;
        }

        /** Where worker output goes ({@code log_collection}; default: the master's stdout). */
        public Builder logCollection(LogCollectionConfig value) {
            logCollection = Checks.notNull(value, "logCollection");
            return this;
        }

        /** Whether the master makes its process a child subreaper (default true). */
        public Builder childSubreaper(boolean value) {
            subreaper = value;
            return this;
        }

        /** Tests: runtimes made by {@code factory} instead of real processes. */
        Builder runtimeFactory(WorkerRuntimes.Factory factory) {
            runtimeFactory = factory;
            return this;
        }

        /**
         * Takes the state directory and builds the master.
         *
         * @throws IllegalStateException if no state directory was given
         * @throws StateDirectoryLockedException if another master holds it
         */
        public Master build() {
            Checks.state(stateDirectory != null, "stateDirectory must be set");
            return new Master(this);
        }
    }
}
