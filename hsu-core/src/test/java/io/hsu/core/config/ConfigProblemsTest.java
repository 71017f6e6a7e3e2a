package io.hsu.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsu.core.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ConfigProblemsTest {
    @TempDir
    Path dir;

    @Test
    void toString_allParts() {
        assertThat(new ConfigProblem("hsu.yaml", 14, 23, "workers[2].x", "must be >= 1.0, but was 0.5",
                ConfigProblem.Severity.ERROR))
                .hasToString("hsu.yaml:14:23: workers[2].x: must be >= 1.0, but was 0.5");
    }

    @Test
    void toString_unknownPartsLeftOut() {
        assertThat(new ConfigProblem(null, 3, 1, "a", "m", ConfigProblem.Severity.ERROR)).hasToString("3:1: a: m");
        assertThat(new ConfigProblem("f", 0, 0, "", "file is empty", ConfigProblem.Severity.ERROR))
                .hasToString("f: file is empty");
        assertThat(new ConfigProblem(null, 0, 0, "", "m", ConfigProblem.Severity.WARNING)).hasToString("warning: m");
    }

    @Test
    void constructor_negativeLine_rejected() {
        assertThatThrownBy(() -> new ConfigProblem(null, -1, 0, "", "m", ConfigProblem.Severity.ERROR))
                .hasMessage("line and column must be >= 0, but were -1:0");
    }

    @Test
    void throwIfAny_onlyWarnings_doesNotThrow() {
        ConfigProblems problems = new ConfigProblems();
        problems.add(new ConfigProblem("f", 1, 1, "a", "w", ConfigProblem.Severity.WARNING));
        problems.throwIfAny();
        assertThat(problems.warnings()).hasSize(1);
        assertThat(problems.errors()).isEmpty();
    }

    @Test
    void exception_oneProblem_singular() {
        ConfigException e = new ConfigException(List.of(
                new ConfigProblem("f", 1, 2, "a", "bad", ConfigProblem.Severity.ERROR)));
        assertThat(e).hasMessage("f:1:2: a: bad\n1 problem");
        assertThat(e.kind()).isEqualTo(ErrorKind.CONFIG);
    }

    /** The contract of {@code hsu validate}: every mistake of a file at once, in file order. */
    @Test
    void threeMistakes_threeProblemsWithFileLineColumnPathAndMessage() throws IOException {
        // given
        Path file = dir.resolve("hsu.yaml");
        Files.writeString(file, String.join("\n",
                "master:",
                "  port: 70000",
                "workers:",
                "  - id: web-1",
                "    unit:",
                "      managed:",
                "        control:",
                "          gracefull_timeout: 30s",
                "          wait_delay: 10x",
                ""));
        ConfigProblems problems = new ConfigProblems();

        // when
        ConfigNode root = YamlConfig.load(file, YamlOptions.ofDefaults(), problems);
        ConfigNode control = root.get("workers").at(0).get("unit").get("managed").get("control")
                .allowKeys("graceful_timeout", "wait_delay", "stop_signal");
        control.get("graceful_timeout").asDuration(Duration.ofSeconds(30));
        control.get("wait_delay").asDuration(Duration.ofSeconds(10));
        root.get("master").get("port").asInt(1, 65535, 50055);

        // then
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, problems::throwIfAny);
        assertThat(e.getMessage()).isEqualTo(String.join("\n",
                file + ":2:9: master.port: must be between 1 and 65535, but was 70000",
                file + ":8:11: workers[0].unit.managed.control.gracefull_timeout: unknown key 'gracefull_timeout'; did you mean 'graceful_timeout'?",
                file + ":9:23: workers[0].unit.managed.control.wait_delay: must be a duration like 30s or 1h30m, but was '10x': unknown unit \"x\" (use ns, us, ms, s, m, h, d, w)",
                "3 problems"));
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(2, 8, 9);
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("master.port",
                "workers[0].unit.managed.control.gracefull_timeout", "workers[0].unit.managed.control.wait_delay");
    }

    @Test
    void errorCount_countsDistinctErrorsOnly() {
        ConfigProblems problems = new ConfigProblems();
        ConfigNode root = YamlConfig.load("a: 1\nb: x\n", "t.yaml", YamlOptions.ofDefaults(), problems);

        problems.error(root.get("a"), "bad");
        problems.error(root.get("a"), "bad");
        problems.warning(root.get("b"), "odd");

        assertThat(problems.errorCount()).isEqualTo(1);
        assertThat(problems.hasErrors()).isTrue();
        assertThat(problems.errors()).hasSize(1);
    }
}
