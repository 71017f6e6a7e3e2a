package io.hsu.benchmarks.statemachine;

import io.hsu.statemachine.WorkerState;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ways to publish a worker's state, side by side. Each holder keeps a state and a sequence number
 * that a reader must see together (the Go master's mutex-guarded getter read several fields the
 * same way). The lock strategies mutate the two fields in place; {@code volatile} (what
 * {@code WorkerStateMachine} does) and {@code cas} publish a new immutable snapshot.
 *
 * <pre>{@code java -jar hsu-benchmarks/target/benchmarks.jar LockStrategyBenchmark -prof gc}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Group)
public class LockStrategyBenchmark {
    @Param({"synchronized", "reentrantLock", "readWriteLock", "stampedOptimistic", "volatileSnapshot", "atomicCas"})
    public String strategy;

    private Holder holder;

    @Setup
    public void setUp() {
        switch (strategy) {
            case "synchronized": holder = new SynchronizedHolder(); break;
            case "reentrantLock": holder = new ReentrantLockHolder(); break;
            case "readWriteLock": holder = new ReadWriteLockHolder(); break;
            case "stampedOptimistic": holder = new StampedHolder(); break;
            case "volatileSnapshot": holder = new VolatileHolder(); break;
            case "atomicCas": holder = new CasHolder(); break;
            default: throw new IllegalArgumentException("unknown strategy '" + strategy + "'");
        }
    }

    /** An uncontended read. */
    @Benchmark
    @Group("read")
    public long read() {
        return holder.read();
    }

    /** An uncontended write. */
    @Benchmark
    @Group("write")
    public long write() {
        return holder.write();
    }

    /** A read while another thread writes. */
    @Benchmark
    @Group("mixed")
    @GroupThreads(1)
    public long mixedRead() {
        return holder.read();
    }

    /** A write while another thread reads. */
    @Benchmark
    @Group("mixed")
    @GroupThreads(1)
    public long mixedWrite() {
        return holder.write();
    }

    /** Reads combine both fields so a torn read would matter; writes move to the next state. */
    interface Holder {
        long read();

        long write();
    }

    private static final WorkerState[] STATES = WorkerState.values();

    private static WorkerState after(WorkerState s) {
        return STATES[(s.ordinal() + 1) % STATES.length];
    }

    /** Immutable pair for the publishing strategies. */
    static final class Snap {
        final WorkerState state;
        final long sequence;

        Snap(WorkerState state, long sequence) {
            this.state = state;
            this.sequence = sequence;
        }
    }

    static final class SynchronizedHolder implements Holder {
        private WorkerState state = WorkerState.RUNNING;
        private long sequence;

        @Override
        public synchronized long read() {
            return sequence + state.ordinal();
        }

        @Override
        public synchronized long write() {
            state = after(state);
            return ++sequence;
        }
    }

    static final class ReentrantLockHolder implements Holder {
        private final ReentrantLock lock = new ReentrantLock();
        private WorkerState state = WorkerState.RUNNING;
        private long sequence;

        @Override
        public long read() {
            lock.lock();
            try {
                return sequence + state.ordinal();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long write() {
            lock.lock();
            try {
                state = after(state);
                return ++sequence;
            } finally {
                lock.unlock();
            }
        }
    }

    static final class ReadWriteLockHolder implements Holder {
        private final ReadWriteLock lock = new ReentrantReadWriteLock();
        private WorkerState state = WorkerState.RUNNING;
        private long sequence;

        @Override
        public long read() {
            lock.readLock().lock();
            try {
                return sequence + state.ordinal();
            } finally {
                lock.readLock().unlock();
            }
        }

        @Override
        public long write() {
            lock.writeLock().lock();
            try {
                state = after(state);
                return ++sequence;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    static final class StampedHolder implements Holder {
        private final StampedLock lock = new StampedLock();
        private WorkerState state = WorkerState.RUNNING;
        private long sequence;

        @Override
        public long read() {
            long stamp = lock.tryOptimisticRead();
            WorkerState s = state;
            long seq = sequence;
            if (!lock.validate(stamp)) {
                stamp = lock.readLock();
                try {
                    s = state;
                    seq = sequence;
                } finally {
                    lock.unlockRead(stamp);
                }
            }
            return seq + s.ordinal();
        }

        @Override
        public long write() {
            long stamp = lock.writeLock();
            try {
                state = after(state);
                return ++sequence;
            } finally {
                lock.unlockWrite(stamp);
            }
        }
    }

    /** One writer publishes a new immutable snapshot through a volatile field (WorkerStateMachine's way). */
    static final class VolatileHolder implements Holder {
        private volatile Snap current = new Snap(WorkerState.RUNNING, 0);

        @Override
        public long read() {
            Snap s = current;
            return s.sequence + s.state.ordinal();
        }

        @Override
        public long write() {
            Snap s = current; // single writer: no lost update possible
            current = new Snap(after(s.state), s.sequence + 1);
            return s.sequence + 1;
        }
    }

    /** Any number of writers publish through compare-and-set, retrying on conflict. */
    static final class CasHolder implements Holder {
        private final AtomicReference<Snap> current = new AtomicReference<>(new Snap(WorkerState.RUNNING, 0));

        @Override
        public long read() {
            Snap s = current.get();
            return s.sequence + s.state.ordinal();
        }

        @Override
        public long write() {
            while (true) {
                Snap s = current.get();
                Snap next = new Snap(after(s.state), s.sequence + 1);
                if (current.compareAndSet(s, next)) {
                    return next.sequence;
                }
            }
        }
    }
}
