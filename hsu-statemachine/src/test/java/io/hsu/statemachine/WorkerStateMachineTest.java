package io.hsu.statemachine;

import static io.hsu.statemachine.WorkerState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hsu.core.ErrorKind;
import io.hsu.core.ExitStatus;
import io.hsu.core.FakeScheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.Subscription;
import io.hsu.core.internal.SerialExecutor;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

final class WorkerStateMachineTest {
    private static final WorkerId API = WorkerId.of("api-1");
    private static final Executor DIRECT = Runnable::run;

    private final FakeScheduler scheduler = new FakeScheduler();
    private final WorkerStateMachine machine = WorkerStateMachine.builder(API).clock(scheduler.clock()).executor(DIRECT).build();

    @Test
    void initialSnapshot_isRegisteredWithSequenceZero() {
        WorkerSnapshot s = machine.snapshot();

        assertThat(s).isEqualTo(new WorkerSnapshot(API, REGISTERED, scheduler.now(), "registered",
                OptionalLong.empty(), 0, Optional.empty(), 0));
        assertThat(machine.history()).isEmpty();
    }

    @Test
    void moveTo_allowed_publishesNextSnapshot() {
        scheduler.advance(Duration.ofSeconds(5));

        WorkerSnapshot s = machine.moveTo(STARTING, "start requested");

        assertThat(s.state()).isEqualTo(STARTING);
        assertThat(s.reason()).isEqualTo("start requested");
        assertThat(s.since()).isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
        assertThat(s.sequence()).isEqualTo(1);
        assertThat(machine.snapshot()).isSameAs(s);
        assertThat(machine.state()).isEqualTo(STARTING);
    }

    @Test
    void moveTo_refused_throwsWithWorkerStatesAndAllowed() {
        machine.moveTo(STOPPED, "stopped by user");

        assertThatThrownBy(() -> machine.moveTo(RUNNING, "x"))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("worker 'api-1' cannot move from STOPPED to RUNNING (allowed: STARTING)")
                .satisfies(e -> {
                    IllegalTransitionException ite = (IllegalTransitionException) e;
                    assertThat(ite.kind()).isEqualTo(ErrorKind.STATE);
                    assertThat(ite.workerId()).isEqualTo(API);
                    assertThat(ite.from()).isEqualTo(STOPPED);
                    assertThat(ite.to()).isEqualTo(RUNNING);
                    assertThat(ite.allowed()).containsExactly(STARTING);
                });
        assertThat(machine.snapshot().sequence()).isEqualTo(1);
    }

    @Test
    void moveTo_refusedWithSeveralAllowed_listsThemInTableOrder() {
        assertThatThrownBy(() -> machine.moveTo(RUNNING, "x"))
                .hasMessage("worker 'api-1' cannot move from REGISTERED to RUNNING (allowed: STARTING, STOPPED)");
    }

    @Test
    void tryMoveTo_refused_returnsFalseAndChangesNothing() {
        assertThat(machine.tryMoveTo(RUNNING, "x")).isFalse();
        assertThat(machine.tryMoveTo(STARTING, "go")).isTrue();
        assertThat(machine.snapshot().sequence()).isEqualTo(1);
    }

    @Test
    void pid_keptIntoRunningAndStopping_clearedAfter() {
        machine.moveTo(STARTING, "start", 4242);
        assertThat(machine.moveTo(RUNNING, "started").pid()).hasValue(4242);
        assertThat(machine.moveTo(STOPPING, "stop requested").pid()).hasValue(4242);
        assertThat(machine.moveTo(STOPPED, "tree gone").pid()).isEmpty();
    }

    @Test
    void pid_manualRestartStartsWithoutOldPid() {
        machine.moveTo(STARTING, "start", 10);
        machine.moveTo(RUNNING, "started");
        machine.moveTo(STOPPING, "restart requested");

        assertThat(machine.moveTo(STARTING, "restart requested").pid()).isEmpty();
        assertThat(machine.assignPid(11, "spawned").pid()).hasValue(11);
    }

    @Test
    void moveToWithPid_stateWithoutProcess_rejected() {
        assertThatThrownBy(() -> machine.moveTo(STOPPED, "x", 12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a stopped worker has no pid, but pid was 12");
        assertThatThrownBy(() -> machine.moveTo(STARTING, "x", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pid must be > 0, but was 0");
    }

    @Test
    void assignPid_inStarting_publishesProcessIdAssigned() {
        List<LifecycleEvent> seen = new ArrayList<>();
        machine.events().subscribe(seen::add);
        machine.moveTo(STARTING, "start");

        WorkerSnapshot s = machine.assignPid(77, "spawned");

        assertThat(s.state()).isEqualTo(STARTING);
        assertThat(s.sequence()).isEqualTo(2);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).isEqualTo(new ProcessIdAssigned(API, scheduler.now(), 2, STARTING, 77, "spawned"));
        assertThat(machine.history()).hasSize(1);
    }

    @Test
    void assignPid_withoutProcess_refused() {
        assertThatThrownBy(() -> machine.assignPid(77, "spawned"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("worker 'api-1' is registered and has no process; cannot assign pid 77");
    }

    @Test
    void moveToWithExit_recordsLastExit_keptAcrossRestart() {
        machine.moveTo(STARTING, "start", 5);
        machine.moveTo(RUNNING, "started");

        WorkerSnapshot exited = machine.moveTo(RESTARTING, "exited 1; restarting in 1s", ExitStatus.exited(1));
        WorkerSnapshot again = machine.moveTo(STARTING, "backoff over");

        assertThat(exited.lastExit()).contains(ExitStatus.exited(1));
        assertThat(exited.pid()).isEmpty();
        assertThat(again.lastExit()).contains(ExitStatus.exited(1));
    }

    @Test
    void restartCount_countsAutomaticAndManualRestartsOnly() {
        machine.moveTo(STARTING, "start");
        machine.moveTo(RUNNING, "started");
        machine.moveTo(RESTARTING, "exited");
        assertThat(machine.moveTo(STARTING, "backoff over").restartCount()).isEqualTo(1);
        machine.moveTo(RUNNING, "started");
        machine.moveTo(STOPPING, "restart requested");
        assertThat(machine.moveTo(STARTING, "restart requested").restartCount()).isEqualTo(2);
        machine.moveTo(FAILED, "startup probe failed");
        assertThat(machine.moveTo(STARTING, "start requested").restartCount()).isEqualTo(2);
    }

    @Test
    void listeners_getEveryTransitionInOrder_afterSnapshotPublished() {
        List<String> seen = new ArrayList<>();
        machine.events().on(WorkerStateChanged.class, e -> {
            // the snapshot with this sequence is already visible
            assertThat(machine.snapshot().sequence()).isEqualTo(e.sequence());
            seen.add(e.sequence() + ":" + e.from().displayName() + "->" + e.to().displayName() + ":" + e.reason());
        });

        machine.moveTo(STARTING, "a");
        machine.moveTo(RUNNING, "b");
        machine.moveTo(EXITED, "c", ExitStatus.exited(0));

        assertThat(seen).containsExactly("1:registered->starting:a", "2:starting->running:b", "3:running->exited:c");
    }

    @Test
    void listener_movingTheStateItself_othersStillSeeSequenceOrder() {
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        machine.events().on(WorkerStateChanged.class, e -> {
            first.add(e.sequence());
            if (e.to() == RUNNING) {
                machine.moveTo(STOPPING, "listener stops it");
            }
        });
        machine.events().subscribe(e -> second.add(e.sequence()));

        machine.moveTo(STARTING, "a");
        machine.moveTo(RUNNING, "b");

        assertThat(first).containsExactly(1L, 2L, 3L);
        assertThat(second).containsExactly(1L, 2L, 3L);
        assertThat(machine.state()).isEqualTo(STOPPING);
    }

    @Test
    void listenerThrowing_isIsolated() {
        List<Long> seen = new ArrayList<>();
        machine.events().subscribe(e -> { throw new IllegalStateException("boom"); });
        machine.events().subscribe(e -> seen.add(e.sequence()));

        machine.moveTo(STARTING, "a");

        assertThat(seen).containsExactly(1L);
        assertThat(machine.state()).isEqualTo(STARTING);
    }

    @Test
    void subscriptionClosed_noMoreEvents() {
        List<Long> seen = new ArrayList<>();
        Subscription s = machine.events().subscribe(e -> seen.add(e.sequence()));
        machine.moveTo(STARTING, "a");
        s.close();
        s.close();
        machine.moveTo(RUNNING, "b");

        assertThat(seen).containsExactly(1L);
    }

    @Test
    void history_isBoundedAndOldestFirst() {
        WorkerStateMachine small = WorkerStateMachine.builder(API).clock(scheduler.clock()).historySize(3).build();
        small.moveTo(STARTING, "1");
        small.moveTo(RUNNING, "2");
        small.moveTo(STOPPING, "3");
        small.moveTo(STOPPED, "4");
        small.moveTo(STARTING, "5");

        assertThat(small.history()).extracting(WorkerStateChanged::reason).containsExactly("3", "4", "5");
        assertThat(small.history()).extracting(WorkerStateChanged::from).containsExactly(RUNNING, STOPPING, STOPPED);
        assertThat(small.history()).extracting(WorkerStateChanged::at).containsOnly(scheduler.now());
    }

    @Test
    void history_returnsACopy() {
        machine.moveTo(STARTING, "1");
        List<WorkerStateChanged> before = machine.history();
        machine.moveTo(RUNNING, "2");

        assertThat(before).hasSize(1);
        assertThat(machine.history()).hasSize(2);
    }

    @Test
    void requireAllows_refused_namesOperationStateAndWhereAllowed() {
        machine.moveTo(STARTING, "a");
        machine.moveTo(STOPPING, "b");

        assertThatThrownBy(() -> machine.requireAllows(Operation.STOP))
                .isInstanceOf(OperationRefusedException.class)
                .hasMessage("worker 'api-1' cannot stop while stopping "
                        + "(stop is allowed when registered, starting, running, restarting, exited, failed)");
        machine.moveTo(STOPPED, "c");
        machine.requireAllows(Operation.REMOVE);
    }

    @Test
    void submit_runsOnTheSerialExecutor() throws Exception {
        SerialExecutor serial = new SerialExecutor("test");
        WorkerStateMachine async = WorkerStateMachine.builder(API).executor(serial).build();
        List<Boolean> onExecutor = new CopyOnWriteArrayList<>();
        async.events().subscribe(e -> onExecutor.add(serial.inExecutor()));

        WorkerSnapshot s = async.submit(STARTING, "start").get(5, TimeUnit.SECONDS);

        assertThat(s.state()).isEqualTo(STARTING);
        assertThat(onExecutor).containsExactly(true);
        assertThat(async.executor()).isSameAs(serial);
    }

    @Test
    void submit_refused_failsTheFuture() {
        WorkerStateMachine async = WorkerStateMachine.of(API);

        assertThatThrownBy(() -> async.submit(RUNNING, "x").join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalTransitionException.class)
                .hasRootCauseMessage("worker 'api-1' cannot move from REGISTERED to RUNNING (allowed: STARTING, STOPPED)");
    }

    @Test
    void submit_function_canChainWrites() {
        WorkerSnapshot s = machine.submit(m -> {
            m.moveTo(STARTING, "a", 9);
            return m.moveTo(RUNNING, "b");
        }).join();

        assertThat(s.sequence()).isEqualTo(2);
        assertThat(s.pid()).hasValue(9);
    }

    @Test
    void initialState_canBeStopped() {
        WorkerStateMachine m = WorkerStateMachine.builder(API).initialState(STOPPED, "stopped before the master restarted").build();

        assertThat(m.snapshot().state()).isEqualTo(STOPPED);
        assertThat(m.snapshot().reason()).isEqualTo("stopped before the master restarted");
    }

    @Test
    void builder_historySizeOutOfRange_rejected() {
        assertThatThrownBy(() -> WorkerStateMachine.builder(API).historySize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("historySize must be in 1..4096, but was 0");
    }

    @Test
    void snapshot_validates() {
        assertThatThrownBy(() -> new WorkerSnapshot(API, STOPPED, Instant.EPOCH, "r", OptionalLong.of(3), 0, Optional.empty(), 0))
                .hasMessage("a stopped worker has no pid, but pid was 3");
        assertThatThrownBy(() -> new WorkerSnapshot(API, STOPPED, Instant.EPOCH, "r", OptionalLong.empty(), -1, Optional.empty(), 0))
                .hasMessage("restartCount must be >= 0, but was -1");
    }

    @Test
    void events_toString_isReadable() {
        WorkerStateChanged e = machine.moveTo(STARTING, "start requested") != null ? machine.history().get(0) : null;

        assertThat(e).hasToString("worker 'api-1' registered -> starting (start requested) #1");
    }

    @Test
    void secondWriterRacing_isDetectedAndRefused() throws Exception {
        // given: a clock that parks writer A after it read the current snapshot
        CountDownLatch aInside = new CountDownLatch(1);
        CountDownLatch bDone = new CountDownLatch(1);
        Clock parkingClock = new Clock() {
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
                if (Thread.currentThread().getName().equals("writer-a")) {
                    aInside.countDown();
                    try {
                        bDone.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Instant.EPOCH;
            }
        };
        WorkerStateMachine racy = WorkerStateMachine.builder(API).clock(parkingClock).build();
        AtomicReference<Throwable> aFailure = new AtomicReference<>();
        Thread a = new Thread(() -> {
            try {
                racy.moveTo(STARTING, "writer a");
            } catch (RuntimeException e) {
                aFailure.set(e);
            }
        }, "writer-a");

        // when: B moves while A is between reading and publishing
        a.start();
        assertThat(aInside.await(10, TimeUnit.SECONDS)).isTrue();
        racy.moveTo(STOPPED, "writer b");
        bDone.countDown();
        a.join(10_000);

        // then
        assertThat(aFailure.get()).isInstanceOf(IllegalStateException.class)
                .hasMessage("worker 'api-1': two threads changed the state at once (REGISTERED -> STARTING lost); "
                        + "drive the state machine from its executor only");
        assertThat(racy.snapshot().state()).isEqualTo(STOPPED);
        assertThat(racy.snapshot().sequence()).isEqualTo(1);
        assertThat(racy.history()).extracting(WorkerStateChanged::reason).containsExactly("writer b");
    }

    @Test
    void snapshotAndState_allocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        machine.moveTo(STARTING, "a", 7);
        threads.getCurrentThreadAllocatedBytes(); // the first call may allocate

        long before = threads.getCurrentThreadAllocatedBytes();
        long sum = 0;
        for (int i = 0; i < 1_000_000; i++) {
            sum += machine.snapshot().sequence() + machine.state().ordinal();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(sum).isEqualTo(2_000_000);
        // One allocation per read would be >= 16 MB; the JIT and coverage agent account for a few KB.
        assertThat(allocated).as("bytes allocated by a million reads").isLessThan(1_000_000);
    }
}
