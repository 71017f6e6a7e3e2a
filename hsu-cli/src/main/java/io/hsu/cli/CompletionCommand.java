package io.hsu.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hsu completion}: a bash/zsh completion script on stdout. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash and zsh.",
                "Use it with: source <(hsu completion)"})
final class CompletionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        String script = AutoComplete.bash("hsu", spec.root().commandLine());
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
    }
}
