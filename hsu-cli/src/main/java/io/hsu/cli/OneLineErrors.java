package io.hsu.cli;

import io.hsu.core.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a failure as one line ({@code hsu: MESSAGE}), with the stack trace only under {@code --verbose}. */
final class OneLineErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (error instanceof ConfigException config) {
            Problems.print(config, err);
        } else {
            String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
            err.println("hsu: " + message);
        }
        if (VerboseOption.enabled) {
            error.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.of(error);
    }
}
