package io.hsu.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hsu version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version of hsu and of the Java it runs on.")
final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(HsuVersion.line());
    }
}
