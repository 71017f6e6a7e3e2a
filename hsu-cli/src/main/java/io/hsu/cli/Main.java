package io.hsu.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The {@code hsu} command's entry point. Exit codes: 0 success (also a clean stop on SIGTERM or
 * SIGINT), 1 runtime failure, 2 invalid usage or config, 3 another master holds the state directory.
 */
public final class Main {
    private Main() {
    }

    /** Runs the command and exits the JVM with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = commandLine(new HsuCommand(), out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The configured picocli command line; tests call {@code execute} on it in-process. */
    static CommandLine commandLine(HsuCommand command, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new OneLineErrors());
        cli.setExitCodeExceptionMapper(ExitCodes::of);
        cli.setParameterExceptionHandler(new UsageErrors());
        return cli;
    }
}
