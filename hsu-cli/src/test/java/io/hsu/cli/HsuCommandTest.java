package io.hsu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class HsuCommandTest {
    @Test
    void noSubcommand_printsUsage() {
        CliRunner r = CliRunner.run();
        assertThat(r.exitCode).isZero();
        assertThat(r.err()).contains("Usage: hsu").contains("validate").contains("run").contains("Exit codes:");
    }

    @Test
    void version_printsVersionLine() {
        CliRunner r = CliRunner.run("version");
        assertThat(r.exitCode).isZero();
        assertThat(r.out()).startsWith("hsu ").contains("Java ");
    }

    @Test
    void helpOnEveryCommand() {
        for (String command : new String[] {"run", "validate", "version", "completion"}) {
            CliRunner r = CliRunner.run(command, "--help");
            assertThat(r.exitCode).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: hsu " + command);
        }
    }

    @Test
    void completion_printsBashScript() {
        CliRunner r = CliRunner.run("completion");
        assertThat(r.exitCode).isZero();
        assertThat(r.out()).contains("complete -F").contains("validate");
    }

    @Test
    void unknownCommand_exits2WithHint() {
        CliRunner r = CliRunner.run("valdate", "x.yaml");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err()).contains("hsu: Unmatched arguments").contains("Did you mean: hsu validate");
    }

    @Test
    void validateWithoutConfig_exits2() {
        CliRunner r = CliRunner.run("validate");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'CONFIG'");
    }

    @Test
    void runWithoutConfig_exits2() {
        CliRunner r = CliRunner.run("run");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'CONFIG'");
    }
}
