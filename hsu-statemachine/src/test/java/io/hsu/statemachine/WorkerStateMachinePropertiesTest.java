package io.hsu.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.hsu.core.ExitStatus;
import io.hsu.core.FakeScheduler;
import io.hsu.core.WorkerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Random command sequences against a tiny model of the machine; QuickTheories shrinks failures to the shortest list. */
final class WorkerStateMachinePropertiesTest {
    private static final WorkerId ID = WorkerId.of("w");
    private static final int HISTORY = 4;

    enum Kind { MOVE_ALLOWED, MOVE_ANY, MOVE_WITH_PID, MOVE_WITH_EXIT, ASSIGN_PID, TICK }

    /** One step: {@code state} is the target (MOVE_ANY), {@code n} picks an allowed target, a pid or an exit code. */
    record Command(Kind kind, WorkerState state, int n) {
        @Override
        public String toString() {
            return kind + "(" + (kind == Kind.MOVE_ANY ? state : String.valueOf(n)) + ")";
        }
    }

    /** What the machine should look like: a few plain fields and the table from the test of WorkerState. */
    static final class Model {
        WorkerState state = WorkerState.REGISTERED;
        long sequence;
        int restarts;
        Long pid;
        ExitStatus lastExit;
        final List<String> transitions = new ArrayList<>();

        boolean allows(WorkerState to) {
            return WorkerStateTest.EXPECTED.get(state).contains(to);
        }

        void move(WorkerState to, Long newPid, ExitStatus exit, String reason) {
            if (to == WorkerState.STARTING && (state == WorkerState.RESTARTING || state == WorkerState.STOPPING)) {
                restarts++;
            }
            boolean keepsPid = to == WorkerState.RUNNING || to == WorkerState.STOPPING;
            pid = newPid != null ? newPid : keepsPid ? pid : null;
            if (exit != null) {
                lastExit = exit;
            }
            transitions.add(state + ">" + to + ":" + reason);
            state = to;
            sequence++;
        }
    }

    static Gen<Command> commands() {
        return arbitrary().enumValues(Kind.class)
                .zip(arbitrary().enumValues(WorkerState.class), integers().between(1, 255), Command::new);
    }

    @Test
    void machineMatchesModel() {
        qt().withExamples(300).forAll(lists().of(commands()).ofSizeBetween(1, 80)).checkAssert(commands -> {
            FakeScheduler time = new FakeScheduler();
            WorkerStateMachine real = WorkerStateMachine.builder(ID).clock(time.clock()).executor(Runnable::run)
                    .historySize(HISTORY).build();
            List<LifecycleEvent> events = new ArrayList<>();
            real.events().subscribe(events::add);
            Model model = new Model();

            for (Command c : commands) {
                apply(c, real, model, time);
                WorkerSnapshot s = real.snapshot();
                assertThat(s.state()).isEqualTo(model.state);
                assertThat(s.sequence()).isEqualTo(model.sequence);
                assertThat(s.restartCount()).isEqualTo(model.restarts);
                assertThat(s.pid()).isEqualTo(model.pid == null ? OptionalLong.empty() : OptionalLong.of(model.pid));
                assertThat(s.lastExit()).isEqualTo(Optional.ofNullable(model.lastExit));
                assertThat(s.since()).isBeforeOrEqualTo(time.now());
                List<String> tail = model.transitions.subList(Math.max(0, model.transitions.size() - HISTORY), model.transitions.size());
                assertThat(real.history()).extracting(e -> e.from() + ">" + e.to() + ":" + e.reason()).isEqualTo(tail);
                assertThat(events).hasSize((int) model.sequence);
            }
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).sequence()).isEqualTo(i + 1);
            }
        });
    }

    private static void apply(Command c, WorkerStateMachine real, Model model, FakeScheduler time) {
        switch (c.kind()) {
            case MOVE_ALLOWED: {
                List<WorkerState> next = new ArrayList<>(model.state.allowedNext());
                WorkerState to = next.get(c.n() % next.size());
                real.moveTo(to, "step " + c.n());
                model.move(to, null, null, "step " + c.n());
                break;
            }
            case MOVE_ANY: {
                WorkerState to = c.state();
                if (model.allows(to)) {
                    real.moveTo(to, "any");
                    model.move(to, null, null, "any");
                } else {
                    WorkerState from = model.state;
                    assertThatThrownBy(() -> real.moveTo(to, "any"))
                            .isInstanceOf(IllegalTransitionException.class)
                            .hasMessageStartingWith("worker 'w' cannot move from " + from + " to " + to + " (allowed: ");
                    assertThat(real.tryMoveTo(to, "any")).isFalse();
                }
                break;
            }
            case MOVE_WITH_PID: {
                List<WorkerState> next = new ArrayList<>(model.state.allowedNext());
                next.removeIf(s -> !s.mayHaveProcess());
                if (!next.isEmpty()) {
                    WorkerState to = next.get(c.n() % next.size());
                    real.moveTo(to, "pid", c.n());
                    model.move(to, (long) c.n(), null, "pid");
                }
                break;
            }
            case MOVE_WITH_EXIT: {
                List<WorkerState> next = new ArrayList<>(model.state.allowedNext());
                WorkerState to = next.get(c.n() % next.size());
                ExitStatus exit = c.n() % 2 == 0 ? ExitStatus.exited(c.n()) : ExitStatus.signaled(1 + c.n() % 64);
                real.moveTo(to, "exit", exit);
                model.move(to, null, exit, "exit");
                break;
            }
            case ASSIGN_PID:
                if (model.state.mayHaveProcess()) {
                    real.assignPid(c.n(), "assigned");
                    model.pid = (long) c.n();
                    model.sequence++;
                } else {
                    assertThatThrownBy(() -> real.assignPid(c.n(), "assigned")).isInstanceOf(IllegalStateException.class);
                }
                break;
            case TICK:
                time.advance(Duration.ofMillis(c.n()));
                break;
            default:
                throw new AssertionError(c);
        }
    }
}
