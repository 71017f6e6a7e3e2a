package io.hsu.cli;

import io.hsu.core.config.ConfigException;
import io.hsu.core.config.YamlOptions;
import io.hsu.master.config.HsuConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hsu validate CONFIG [--lenient]}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a config file and list every problem.",
                "Valid: 'ok: N workers (...)' on stdout, exit 0. Invalid: FILE:LINE:COLUMN: PATH: MESSAGE per problem on stderr, exit 2."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The YAML config file.")
    Path config;

    @Option(names = "--lenient", description = "Warn about unknown keys instead of rejecting them (configs written for the Go master).")
    boolean lenient;

    @Override
    public Integer call() {
        YamlOptions options = YamlOptions.builder().lenient(lenient).build();
        try {
            HsuConfig loaded = HsuConfig.load(config, options);
            Problems.printWarnings(loaded.warnings(), spec.commandLine().getErr());
            spec.commandLine().getOut().println("ok: " + loaded.summary());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (ConfigException e) {
            Problems.print(e, spec.commandLine().getErr());
            return ExitCodes.USAGE;
        }
    }
}
