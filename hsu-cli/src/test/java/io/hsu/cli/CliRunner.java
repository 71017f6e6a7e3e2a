package io.hsu.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code hsu} in-process and keeps what it printed. */
final class CliRunner {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    int exitCode;

    static CliRunner run(String... args) {
        CliRunner runner = new CliRunner();
        runner.exitCode = Main.commandLine(new HsuCommand(), new PrintWriter(runner.out, true), new PrintWriter(runner.err, true))
                .execute(args);
        return runner;
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
