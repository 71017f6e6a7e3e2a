package io.hsu.core.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: a worker's single writer.
 *
 * <p>Concurrency: {@link #execute} may be called from any thread. At most one drain runs at a
 * time ({@code running} is the token); a task submitted while a drain is finishing is picked up
 * either by that drain or by a new one, never lost. Everything a task writes is visible to the
 * next task (the queue and the token give happens-before). A task that throws is logged and the
 * next one runs.
 */
public final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final String name;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread drainingThread;

    /** A serial executor on {@link Threads#sharedPool()}, named for log messages. */
    public SerialExecutor(String name) {
        this(name, Threads.sharedPool());
    }

    public SerialExecutor(String name, Executor pool) {
        this.name = Checks.notNull(name, "name");
        this.pool = Checks.notNull(pool, "pool");
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(Checks.notNull(task, "task"));
        if (running.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    /** True when the calling thread is running one of this executor's tasks. */
    public boolean inExecutor() {
        return drainingThread == Thread.currentThread();
    }

    private void drain() {
        drainingThread = Thread.currentThread();
        try {
            for (Runnable task; (task = tasks.poll()) != null; ) {
                try {
                    task.run();
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    log.error("task of {} failed", name, e);
                }
            }
        } finally {
            drainingThread = null;
            running.set(false);
            if (!tasks.isEmpty() && running.compareAndSet(false, true)) {
                pool.execute(this::drain);
            }
        }
    }

    @Override
    public String toString() {
        return "SerialExecutor[" + name + "]";
    }
}
