package io.hsu.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hsu}: with no subcommand, prints the usage. */
@Command(name = "hsu", mixinStandardHelpOptions = true, versionProvider = HsuVersion.class,
        description = "Supervise native processes: start them, keep them healthy, restart them, collect their output.",
        subcommands = {RunCommand.class, ValidateCommand.class, VersionCommand.class, CompletionCommand.class, HealthServerCommand.class,
                HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success, including a clean stop on SIGTERM or SIGINT",
                "  1  runtime failure",
                "  2  invalid usage or invalid config",
                "  3  another master holds the state directory (its pid is named)"})
final class HsuCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    VerboseOption verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
