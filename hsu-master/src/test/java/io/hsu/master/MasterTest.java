package io.hsu.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hsu.core.ErrorKind;
import io.hsu.core.ExitStatus;
import io.hsu.core.WorkerId;
import io.hsu.master.config.Dependency;
import io.hsu.master.config.DependencyCondition;
import io.hsu.master.config.WorkerConfig;
import io.hsu.processcontrol.ProcessConfig;
import io.hsu.processcontrol.RestartMode;
import io.hsu.statemachine.WorkerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MasterTest {
    @TempDir
    Path stateDir;

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final Map<WorkerId, FakeRuntime> fakes = new ConcurrentHashMap<>();
    private final List<Master> masters = new ArrayList<>();

    private Master master() {
        Master master = Master.builder().stateDirectory(stateDir).childSubreaper(false)
                .forceShutdownTimeout(Duration.ofMillis(300))
                .runtimeFactory((config, dir, scheduler) -> fakes.computeIfAbsent(config.id(), id -> new FakeRuntime(config, journal)))
                .build();
        masters.add(master);
        return master;
    }

    @AfterEach
    void closeMasters() {
        masters.forEach(Master::close);
    }

    private static WorkerConfig worker(String id, Dependency... dependencies) {
        return WorkerConfig.managed(id, Path.of("/bin/true")).toBuilder().dependsOn(List.of(dependencies)).build();
    }

    private static Dependency on(String id, DependencyCondition condition) {
        return new Dependency(WorkerId.of(id), condition);
    }

    private WorkerState state(Master master, String id) {
        return master.worker(WorkerId.of(id)).orElseThrow().snapshot().state();
    }

    @Test
    void dependentWaitsUntilItsDependencyIsHealthy_andSaysWhatItWaitsFor() {
        Master master = master();
        master.add(worker("db"));
        master.add(worker("web", on("db", DependencyCondition.HEALTHY)));
        List<WorkerWaiting> waits = Collections.synchronizedList(new ArrayList<>());
        master.events().on(WorkerWaiting.class, waits::add);

        master.startAll();

        await().until(() -> state(master, "db") == WorkerState.RUNNING);
        await().until(() -> master.worker(WorkerId.of("web")).orElseThrow().waitingFor().isPresent());
        assertThat(master.worker(WorkerId.of("web")).orElseThrow().waitingFor()).contains("db (healthy)");
        assertThat(state(master, "web")).isEqualTo(WorkerState.REGISTERED);

        fakes.get(WorkerId.of("db")).setHealthy(true);

        await().until(() -> state(master, "web") == WorkerState.RUNNING);
        assertThat(master.worker(WorkerId.of("web")).orElseThrow().waitingFor()).isEmpty();
        assertThat(waits).extracting(WorkerWaiting::waitingFor).containsExactly("db (healthy)", "");
    }

    @Test
    void conditionIsALevel_reCheckedUntilItHolds() {
        Master master = master();
        master.add(worker("job"));
        master.add(worker("report", on("job", DependencyCondition.COMPLETED_SUCCESSFULLY)));
        master.startAll();
        await().until(() -> state(master, "job") == WorkerState.RUNNING);

        fakes.get(WorkerId.of("job")).exit(ExitStatus.exited(1));
        await().until(() -> state(master, "job") == WorkerState.EXITED);
        assertThat(state(master, "report")).isEqualTo(WorkerState.REGISTERED);

        master.start(WorkerId.of("job"));
        await().until(() -> state(master, "job") == WorkerState.RUNNING);
        fakes.get(WorkerId.of("job")).exit(ExitStatus.exited(0));

        await().until(() -> state(master, "report") == WorkerState.RUNNING);
    }

    @Test
    void stop_cancelsTheWait() {
        Master master = master();
        master.add(worker("db"));
        master.add(worker("web", on("db", DependencyCondition.HEALTHY)));
        master.startAll();
        await().until(() -> master.worker(WorkerId.of("web")).orElseThrow().waitingFor().isPresent());

        master.stop(WorkerId.of("web")).join();
        fakes.get(WorkerId.of("db")).setHealthy(true);

        await().until(() -> journal.contains("start db"));
        assertThat(state(master, "web")).isEqualTo(WorkerState.STOPPED);
        assertThat(master.worker(WorkerId.of("web")).orElseThrow().waitingFor()).isEmpty();
        assertThat(journal).doesNotContain("start web");
    }

    @Test
    void stopAll_stopsDependentsFirst() {
        Master master = master();
        master.add(worker("db"));
        master.add(worker("api", on("db", DependencyCondition.STARTED)));
        master.add(worker("web", on("api", DependencyCondition.STARTED)));
        master.startAll();
        await().until(() -> state(master, "web") == WorkerState.RUNNING);
        journal.clear();

        master.stopAll().join();

        assertThat(journal).containsExactly("stop web", "stop api", "stop db");
    }

    @Test
    void close_killsWhatDoesNotStopInTime() {
        Master master = master();
        master.add(worker("stubborn"));
        master.startAll();
        await().until(() -> state(master, "stubborn") == WorkerState.RUNNING);
        fakes.get(WorkerId.of("stubborn")).stubborn = true;

        master.close();

        assertThat(journal).containsSubsequence("stop stubborn", "kill stubborn");
        assertThat(state(master, "stubborn")).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void add_rejectsDuplicatesAndCycles() {
        Master master = master();
        master.add(worker("a", on("b", DependencyCondition.STARTED)));
        master.add(worker("b", on("c", DependencyCondition.STARTED)));

        assertThatThrownBy(() -> master.add(worker("a"))).isInstanceOf(MasterException.class)
                .hasMessage("worker 'a' already exists");
        assertThatThrownBy(() -> master.add(worker("c", on("a", DependencyCondition.STARTED))))
                .isInstanceOf(MasterException.class).hasMessage("worker 'c' would close a dependency cycle: c -> a -> b -> c")
                .extracting(e -> ((MasterException) e).kind()).isEqualTo(ErrorKind.CONFIG);
    }

    @Test
    void secondMasterOnTheSameStateDirectory_isRefusedNamingThePid() {
        master();
        assertThatThrownBy(this::master).isInstanceOf(StateDirectoryLockedException.class)
                .hasMessage("another master (pid " + ProcessHandle.current().pid() + ") holds the state directory " + stateDir
                        + "; stop it first, or use another --state-dir")
                .extracting(e -> ((StateDirectoryLockedException) e).kind()).isEqualTo(ErrorKind.CONFLICT);
    }

    @Test
    void unlessStopped_remembersAStopOnRequestAcrossMasters() {
        WorkerConfig plain = worker("sticky");
        ProcessConfig process = plain.process().orElseThrow();
        WorkerConfig sticky = plain.toBuilder().process(process.toBuilder()
                .restart(process.restart().toBuilder().mode(RestartMode.UNLESS_STOPPED).build()).build()).build();
        Master first = master();
        first.add(sticky);
        first.startAll();
        await().until(() -> state(first, "sticky") == WorkerState.RUNNING);
        first.stop(WorkerId.of("sticky")).join();
        first.close();
        fakes.clear();
        journal.clear();

        Master second = master();
        second.add(sticky);
        second.startAll();

        await().until(() -> state(second, "sticky") == WorkerState.STOPPED);
        assertThat(journal).doesNotContain("start sticky");
        assertThat(stateDir.resolve("state")).content().contains("stopped sticky");
    }

    @Test
    void remove_stopsAndForgets() {
        Master master = master();
        master.add(worker("a"));
        master.startAll();
        await().until(() -> state(master, "a") == WorkerState.RUNNING);

        master.remove(WorkerId.of("a")).join();

        assertThat(master.workers()).isEmpty();
        assertThatThrownBy(() -> master.start(WorkerId.of("a"))).hasMessage("no worker 'a'");
    }
}
