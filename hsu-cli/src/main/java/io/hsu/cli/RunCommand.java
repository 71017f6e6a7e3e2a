package io.hsu.cli;

import io.hsu.core.config.ConfigException;
import io.hsu.core.config.YamlOptions;
import io.hsu.master.config.HsuConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hsu run CONFIG [--state-dir DIR] [--lenient]}: a foreground master. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a master in the foreground: start the workers of CONFIG and supervise them until SIGTERM or Ctrl-C.",
                "State changes go to stderr, worker output to stdout as 'ID | line'."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "The YAML config file.")
    Path positionalConfig;

    @Option(names = {"-c", "--config"}, paramLabel = "CONFIG", description = "The YAML config file (instead of the argument).")
    Path optionConfig;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "PID files, FIFOs, the lock and the state file (wins over master.state_dir; default $XDG_RUNTIME_DIR/hsu, or /run/hsu as root).")
    Path stateDir;

    @Option(names = "--lenient", description = "Warn about unknown keys instead of rejecting them.")
    boolean lenient;

    /** Tests count this down instead of sending a signal; null in real runs. */
    static volatile CountDownLatch stopSignal;

    @Override
    public Integer call() throws InterruptedException {
        if (positionalConfig != null && optionConfig != null && !positionalConfig.equals(optionConfig)) {
            throw new ParameterException(spec.commandLine(), "give the config once: either CONFIG or --config");
        }
        Path config = positionalConfig != null ? positionalConfig : optionConfig;
        if (config == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'CONFIG'");
        }
        HsuConfig loaded;
        try {
            loaded = HsuConfig.load(config, YamlOptions.builder().lenient(lenient).build());
        } catch (ConfigException e) {
            Problems.print(e, spec.commandLine().getErr());
            return ExitCodes.USAGE;
        }
        Problems.printWarnings(loaded.warnings(), spec.commandLine().getErr());
        if (!VerboseOption.enabled) {
            // before the first logger exists: slf4j-simple reads it once
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", loaded.master().logLevel());
        }
        CountDownLatch stop = stopSignal != null ? stopSignal : new CountDownLatch(1);
        if (stopSignal == null) {
            Foreground.onTermination(stop);
        }
        boolean colour = System.console() != null && System.getenv("NO_COLOR") == null && stopSignal == null;
        return new Foreground(loaded, stateDir, spec.commandLine().getOut(), spec.commandLine().getErr(), colour, stop).run();
    }
}
