package io.hsu.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code --verbose}: stack traces on errors and debug logging; accepted by every command. */
final class VerboseOption {
    static volatile boolean enabled;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces on errors and log at debug level.")
    void verbose(boolean value) {
        enabled = value;
        if (value) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
    }
}
