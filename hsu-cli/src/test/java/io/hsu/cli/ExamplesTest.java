package io.hsu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example of examples/ passes {@code hsu validate}. */
final class ExamplesTest {
    @Test
    void everyExampleValidates() throws IOException {
        Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> list = Files.list(examples)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("quickstart.yaml", "managed.yaml", "unmanaged.yaml", "integrated.yaml", "dependencies.yaml");
        for (Path file : files) {
            CliRunner r = CliRunner.run("validate", file.toString());
            assertThat(r.err()).as(file.toString()).isEmpty();
            assertThat(r.out()).as(file.toString()).startsWith("ok: ");
            assertThat(r.exitCode).as(file.toString()).isZero();
        }
    }

    @Test
    void quickstartSummary() {
        CliRunner r = CliRunner.run("validate", Path.of("..", "examples", "quickstart.yaml").toString());
        assertThat(r.out()).isEqualTo("ok: 4 workers (4 managed)\n");
    }
}
