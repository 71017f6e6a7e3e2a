package io.hsu.statemachine;

import static io.hsu.statemachine.WorkerState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class WorkerStateTest {
    /** The table as CONFIG.md and the WorkerState javadoc state it, written out independently. */
    static final Map<WorkerState, Set<WorkerState>> EXPECTED = Map.of(
            REGISTERED, EnumSet.of(STARTING, STOPPED),
            STARTING, EnumSet.of(RUNNING, STOPPING, RESTARTING, EXITED, FAILED),
            RUNNING, EnumSet.of(STOPPING, RESTARTING, EXITED, FAILED),
            STOPPING, EnumSet.of(STOPPED, STARTING),
            STOPPED, EnumSet.of(STARTING),
            RESTARTING, EnumSet.of(STARTING, STOPPING, STOPPED, FAILED),
            EXITED, EnumSet.of(STARTING, STOPPED),
            FAILED, EnumSet.of(STARTING, STOPPED));

    private static final Map<WorkerState, Set<Operation>> EXPECTED_OPERATIONS = Map.of(
            REGISTERED, EnumSet.of(Operation.START, Operation.STOP, Operation.REMOVE),
            STARTING, EnumSet.of(Operation.STOP, Operation.RESTART),
            RUNNING, EnumSet.of(Operation.STOP, Operation.RESTART),
            STOPPING, EnumSet.noneOf(Operation.class),
            STOPPED, EnumSet.of(Operation.START, Operation.RESTART, Operation.REMOVE),
            RESTARTING, EnumSet.of(Operation.START, Operation.STOP, Operation.RESTART),
            EXITED, EnumSet.of(Operation.START, Operation.STOP, Operation.RESTART, Operation.REMOVE),
            FAILED, EnumSet.of(Operation.START, Operation.STOP, Operation.RESTART, Operation.REMOVE));

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (WorkerState from : WorkerState.values()) {
            for (WorkerState to : WorkerState.values()) {
                pairs.add(Arguments.of(from, to, EXPECTED.get(from).contains(to)));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void canMoveTo_everyPair_matchesTable(WorkerState from, WorkerState to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
        assertThat(from.allowedNext().contains(to)).isEqualTo(allowed);
    }

    static Stream<Arguments> everyStateAndOperation() {
        List<Arguments> cases = new ArrayList<>();
        for (WorkerState state : WorkerState.values()) {
            for (Operation op : Operation.values()) {
                cases.add(Arguments.of(state, op, EXPECTED_OPERATIONS.get(state).contains(op)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} while {0}: {2}")
    @MethodSource("everyStateAndOperation")
    void allows_everyStateAndOperation_matchesTable(WorkerState state, Operation op, boolean allowed) {
        assertThat(state.allows(op)).isEqualTo(allowed);
        assertThat(state.allowedOperations().contains(op)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{1} while {0}")
    @MethodSource("everyStateAndOperation")
    void firstStepOf_allowedOperation_isAllowedTransition(WorkerState state, Operation op, boolean allowed) {
        if (allowed && op != Operation.REMOVE) {
            assertThat(state.firstStepOf(op)).hasValueSatisfying(next -> assertThat(state.canMoveTo(next)).isTrue());
        } else {
            assertThat(state.firstStepOf(op)).isEmpty();
        }
    }

    @Test
    void firstStepOf_stopAndRestart_goThroughStoppingOnlyWithProcess() {
        assertThat(RUNNING.firstStepOf(Operation.STOP)).contains(STOPPING);
        assertThat(FAILED.firstStepOf(Operation.STOP)).contains(STOPPED);
        assertThat(RUNNING.firstStepOf(Operation.RESTART)).contains(STOPPING);
        assertThat(EXITED.firstStepOf(Operation.RESTART)).contains(STARTING);
        assertThat(STOPPED.firstStepOf(Operation.START)).contains(STARTING);
    }

    @Test
    void everyState_isReachableFromRegistered_andCanStartAgainOrIsOnTheWay() {
        Set<WorkerState> reached = EnumSet.of(REGISTERED);
        List<WorkerState> todo = new ArrayList<>(reached);
        while (!todo.isEmpty()) {
            for (WorkerState next : todo.remove(0).allowedNext()) {
                if (reached.add(next)) {
                    todo.add(next);
                }
            }
        }
        assertThat(reached).containsExactlyInAnyOrder(WorkerState.values());
        for (WorkerState s : WorkerState.values()) {
            assertThat(s.allowedNext()).as("%s is a dead end", s).isNotEmpty();
        }
    }

    @Test
    void running_isEnteredOnlyFromStarting() {
        for (WorkerState s : WorkerState.values()) {
            assertThat(s.canMoveTo(RUNNING)).as(s.name()).isEqualTo(s == STARTING);
        }
    }

    @Test
    void displayName_isLowerCase() {
        assertThat(RESTARTING.displayName()).isEqualTo("restarting");
        assertThat(Operation.RESTART.displayName()).isEqualTo("restart");
    }

    @Test
    void mayHaveProcess_andIsTransient() {
        assertThat(EnumSet.allOf(WorkerState.class).stream().filter(WorkerState::mayHaveProcess))
                .containsExactly(STARTING, RUNNING, STOPPING);
        assertThat(EnumSet.allOf(WorkerState.class).stream().filter(WorkerState::isTransient))
                .containsExactly(STARTING, STOPPING, RESTARTING);
    }
}
