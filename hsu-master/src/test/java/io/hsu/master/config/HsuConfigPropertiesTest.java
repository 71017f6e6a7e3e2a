package io.hsu.master.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.hsu.core.config.ConfigException;
import io.hsu.core.config.YamlOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile edits of a valid config: whatever value replaces whatever value, loading either succeeds
 * or throws a {@link ConfigException} with a message for each problem; nothing else escapes. The
 * seed is fixed so CI is repeatable; try others with {@code -Dhsu.qt.seed=N}.
 */
final class HsuConfigPropertiesTest {
    private static final List<String> HOSTILE = List.of("[]", "{}", "-1", "0", "x", "\"\"", "~", "1e999", "0x", "[1, [2]]",
            "999999999999999999999", "{a: {b: {c: d}}}", "!!binary aGVsbG8=", "\"${NOPE}\"", "-", "[~]", "'\\t'", "yes",
            "1.5h", "-5s", "/", "../../etc", "\"a\\u0000b\"", "[x, y, z]", "!!str", "2147483648", "NaN", ".inf");

    @Test
    void anyValueAnywhere_givesProblemsNotExceptions() throws IOException {
        Path quickstart = Path.of("..", "examples", "quickstart.yaml").toAbsolutePath().normalize();
        List<String> lines = Files.readAllLines(quickstart);
        qt().withFixedSeed(Long.getLong("hsu.qt.seed", 20261126L)).withExamples(500).forAll(integers().between(0, lines.size() - 1), integers().between(0, HOSTILE.size() - 1))
                .checkAssert((lineIndex, valueIndex) -> {
                    String line = lines.get(lineIndex);
                    int colon = line.indexOf(": ");
                    if (colon < 0 || line.strip().startsWith("#")) {
                        return;
                    }
                    List<String> edited = new java.util.ArrayList<>(lines);
                    edited.set(lineIndex, line.substring(0, colon + 2) + HOSTILE.get(valueIndex));
                    String yaml = String.join("\n", edited);
                    try {
                        HsuConfig.parse(yaml.replace("bin/flaky.sh", quickstart.getParent().resolve("bin/flaky.sh").toString())
                                .replace("working_directory: .", "working_directory: " + quickstart.getParent()), "q.yaml",
                                YamlOptions.ofDefaults());
                    } catch (ConfigException e) {
                        assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).isNotBlank());
                    }
                });
    }
}
