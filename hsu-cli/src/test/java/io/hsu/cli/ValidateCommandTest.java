package io.hsu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ValidateCommandTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("hsu.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static final String THREE_WORKERS = "workers:\n"
            + "  - id: web-1\n"
            + "    type: managed\n"
            + "    unit: { managed: { metadata: { name: web }, control: { execution: { executable_path: /bin/sleep, args: ['60'] } } } }\n"
            + "  - id: job\n"
            + "    type: managed\n"
            + "    unit: { managed: { metadata: { name: job }, control: { execution: { executable_path: /bin/true } } } }\n"
            + "  - id: pg\n"
            + "    type: unmanaged\n"
            + "    unit: { unmanaged: { metadata: { name: pg }, discovery: { method: process-name, process_name: postgres } } }\n";

    @Test
    void valid_printsOkWithCounts() throws IOException {
        CliRunner r = CliRunner.run("validate", write(THREE_WORKERS).toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("ok: 3 workers (2 managed, 1 unmanaged)\n");
        assertThat(r.exitCode).isZero();
    }

    @Test
    void invalid_printsOneLinePerProblemThenCount() throws IOException {
        Path file = write(THREE_WORKERS.replace("/bin/true", "/no/true").replace("id: pg", "id: web-1"));
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(
                file + ":7:90: workers[1].unit.managed.control.execution.executable_path: '/no/true' does not exist\n"
                        + file + ":8:9: workers[2].id: duplicate worker id 'web-1' (first used at line 2)\n"
                        + "2 problems\n");
        assertThat(r.exitCode).isEqualTo(2);
    }

    @Test
    void emptyFile() throws IOException {
        Path file = write("");
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.err()).isEqualTo(file + ": file is empty\n1 problem\n");
        assertThat(r.exitCode).isEqualTo(2);
    }

    @Test
    void missingFile() {
        CliRunner r = CliRunner.run("validate", dir.resolve("nope.yaml").toString());
        assertThat(r.err()).isEqualTo(dir.resolve("nope.yaml") + ": file not found\n1 problem\n");
        assertThat(r.exitCode).isEqualTo(2);
    }

    @Test
    void wrongTypesEverywhere() throws IOException {
        Path file = write("master: [1, 2]\n"
                + "log_collection: yes\n"
                + "workers:\n"
                + "  - id: [x]\n"
                + "    type: 7\n"
                + "    enabled: maybe\n"
                + "    depends_on: {a: b}\n"
                + "    unit: text\n");
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err()).contains(file + ":1:9: master: must be a mapping (key: value), but was a list\n")
                .contains(file + ":2:17: log_collection: must be a mapping (key: value), but was a value\n")
                .contains(file + ":4:9: workers[0].id: must be a single value, but was a list\n")
                .contains(file + ":5:11: workers[0].type: must be one of managed, unmanaged, integrated, but was '7'\n")
                .contains(file + ":6:14: workers[0].enabled: must be true or false, but was 'maybe'\n")
                .contains(file + ":7:17: workers[0].depends_on: must be a list, but was a mapping\n")
                .contains(file + ":8:11: workers[0].unit: must be a mapping (key: value), but was a value\n")
                .endsWith("7 problems\n");
        assertThat(r.exitCode).isEqualTo(2);
    }

    @Test
    void nulCharacterInAPath() throws IOException {
        Path file = write(THREE_WORKERS.replace("executable_path: /bin/true", "executable_path: \"tr\\0ue\""));
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.err()).isEqualTo(file + ":7:90: workers[1].unit.managed.control.execution.executable_path: is not a valid path: Nul character not allowed\n"
                + "1 problem\n");
        assertThat(r.exitCode).isEqualTo(2);
    }

    @Test
    void notAMapping() throws IOException {
        Path file = write("- just\n- a list\n");
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.err()).isEqualTo(file + ":1:1: the config must be a mapping with 'workers' (and optionally 'master' and"
                + " 'log_collection'), but was a list\n1 problem\n");
        assertThat(r.exitCode).isEqualTo(2);
    }

    @Test
    void unknownKeys_strictErrors_lenientWarnings() throws IOException {
        Path file = write(THREE_WORKERS.replace("workers:\n", "mastr: { port: 1 }\nworkers:\n"));
        CliRunner strict = CliRunner.run("validate", file.toString());
        assertThat(strict.err()).isEqualTo(file + ":1:1: mastr: unknown key 'mastr'; did you mean 'master'?\n1 problem\n");
        assertThat(strict.exitCode).isEqualTo(2);

        CliRunner lenient = CliRunner.run("validate", "--lenient", file.toString());
        assertThat(lenient.err()).isEqualTo(file + ":1:1: mastr: warning: unknown key 'mastr' is ignored; did you mean 'master'?\n");
        assertThat(lenient.out()).isEqualTo("ok: 3 workers (2 managed, 1 unmanaged)\n");
        assertThat(lenient.exitCode).isZero();
    }

    @Test
    void tabs() throws IOException {
        Path file = write("workers:\n\t- id: a\n");
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.err()).isEqualTo(file + ":2:1: tab characters cannot indent YAML; use spaces\n1 problem\n");
        assertThat(r.exitCode).isEqualTo(2);
    }

    @Test
    void yamlBomb() throws IOException {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p);
            for (int i = 0; i < 9; i++) {
                bomb.append(", *").append(p);
            }
            bomb.append("]\n");
        }
        bomb.append("workers: *j\n");
        Path file = write(bomb.toString());
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.err()).contains("the document expands to more than 1000000 nodes through aliases").endsWith("1 problem\n");
        assertThat(r.exitCode).isEqualTo(2);
    }

    @Test
    void cycle_isRejectedNamingIt() throws IOException {
        Path file = write(THREE_WORKERS.replace("    type: managed\n    unit: { managed: { metadata: { name: web }",
                        "    type: managed\n    depends_on: [job]\n    unit: { managed: { metadata: { name: web }")
                .replace("    type: managed\n    unit: { managed: { metadata: { name: job }",
                        "    type: managed\n    depends_on: [{ worker: web-1, condition: healthy }]\n    unit: { managed: { metadata: { name: job }"));
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.err()).isEqualTo(file + ":8:28: workers[1].depends_on[0].worker: dependency cycle: web-1 -> job -> web-1\n1 problem\n");
        assertThat(r.exitCode).isEqualTo(2);
    }
}
