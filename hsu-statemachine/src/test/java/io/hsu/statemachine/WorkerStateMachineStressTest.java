package io.hsu.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.WorkerId;
import io.hsu.core.internal.SerialExecutor;
import io.hsu.core.internal.Threads;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 1000 threads at once (virtual threads where the JDK has them): writers submit transitions to the
 * worker's serial executor while readers read snapshots and history. Readers must never see a torn
 * or out-of-order snapshot; listeners must see every sequence number once, in order.
 */
final class WorkerStateMachineStressTest {
    private static final int WRITERS = 100;
    private static final int TRANSITIONS_PER_WRITER = 40;
    private static final int READERS = 900;
    private static final int READS_PER_READER = 2_000;

    @Test
    void concurrentWritersAndReaders_seeConsistentOrderedSnapshots() throws Exception {
        // given
        AtomicLong millis = new AtomicLong();
        WorkerStateMachine machine = WorkerStateMachine.builder(WorkerId.of("stress"))
                .clock(new TickingClock(millis))
                .executor(new SerialExecutor("stress"))
                .historySize(8)
                .build();
        List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
        machine.events().subscribe(e -> delivered.add(e.sequence()));
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        Queue<CompletableFuture<WorkerSnapshot>> submitted = new ConcurrentLinkedQueue<>();
        AtomicLong refused = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(WRITERS + READERS);
        CountDownLatch go = new CountDownLatch(1);
        ThreadFactory threads = Threads.blockingFactory("stress");
        List<Thread> started = new ArrayList<>();

        // when
        for (int i = 0; i < WRITERS; i++) {
            started.add(start(threads, ready, go, problems, () -> write(machine, submitted, refused)));
        }
        for (int i = 0; i < READERS; i++) {
            started.add(start(threads, ready, go, problems, () -> read(machine, problems)));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads alive at once").isTrue();
        go.countDown();
        for (Thread t : started) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(t.isAlive()).as("%s finished", t).isFalse();
        }
        long applied = 0;
        for (CompletableFuture<WorkerSnapshot> f : submitted) {
            if (f.handle((s, e) -> e == null).get(30, TimeUnit.SECONDS)) {
                applied++;
            }
        }

        // then
        assertThat(problems).isEmpty();
        assertThat(applied + refused.get()).isEqualTo((long) WRITERS * TRANSITIONS_PER_WRITER);
        assertThat(refused.get()).as("some submissions asked for a move the table refuses").isPositive();
        assertThat(machine.snapshot().sequence()).isEqualTo(applied);
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= applied; s++) {
            expected.add(s);
        }
        synchronized (delivered) {
            assertThat(delivered).as("every sequence number once, in order, no gaps").isEqualTo(expected);
        }
        assertThat(machine.history()).extracting(WorkerStateChanged::sequence)
                .containsExactly(expected.subList(expected.size() - 8, expected.size()).toArray(new Long[0]));
    }

    private static void write(WorkerStateMachine machine, Queue<CompletableFuture<WorkerSnapshot>> submitted, AtomicLong refused) {
        for (int i = 0; i < TRANSITIONS_PER_WRITER; i++) {
            boolean anyState = ThreadLocalRandom.current().nextInt(8) == 0;
            submitted.add(machine.submit(m -> {
                WorkerSnapshot s = m.snapshot();
                List<WorkerState> next = new ArrayList<>(s.state().allowedNext());
                WorkerState to = anyState
                        ? WorkerState.values()[ThreadLocalRandom.current().nextInt(WorkerState.values().length)]
                        : next.get(ThreadLocalRandom.current().nextInt(next.size()));
                String reason = "t" + (s.sequence() + 1); // readers check that reason and sequence match
                try {
                    return to.mayHaveProcess() ? m.moveTo(to, reason, 1000 + s.sequence()) : m.moveTo(to, reason);
                } catch (IllegalTransitionException e) {
                    refused.incrementAndGet();
                    throw e;
                }
            }));
        }
    }

    private static void read(WorkerStateMachine machine, Queue<String> problems) {
        WorkerSnapshot previous = machine.snapshot();
        for (int i = 0; i < READS_PER_READER; i++) {
            WorkerSnapshot s = machine.snapshot();
            String expectedReason = s.sequence() == 0 ? "registered" : "t" + s.sequence();
            if (!s.reason().equals(expectedReason)) {
                problems.add("torn snapshot: " + s);
            }
            if (s.pid().isPresent() && !s.state().mayHaveProcess()) {
                problems.add("pid without process: " + s);
            }
            if (s.sequence() < previous.sequence() || s.since().isBefore(previous.since())) {
                problems.add("out of order: " + previous + " then " + s);
            }
            if (s.sequence() == previous.sequence() && s != previous) {
                problems.add("two snapshots with one sequence: " + previous + " and " + s);
            }
            if (i % 100 == 0) {
                long last = -1;
                for (WorkerStateChanged e : machine.history()) {
                    if (last >= 0 && e.sequence() != last + 1) {
                        problems.add("history has a gap or is out of order: " + machine.history());
                    }
                    last = e.sequence();
                }
            }
            previous = s;
        }
    }

    private static Thread start(ThreadFactory threads, CountDownLatch ready, CountDownLatch go, Queue<String> problems, Runnable body) {
        Thread t = threads.newThread(() -> {
            ready.countDown();
            try {
                go.await();
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted");
            } catch (RuntimeException | AssertionError e) {
                problems.add(e.toString());
            }
        });
        t.start();
        return t;
    }

    /** A clock that moves 1 ms on every reading, so later snapshots have later timestamps. */
    private static final class TickingClock extends Clock {
        private final AtomicLong millis;

        TickingClock(AtomicLong millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.incrementAndGet());
        }
    }
}
