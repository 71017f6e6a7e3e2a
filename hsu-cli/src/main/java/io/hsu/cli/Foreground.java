package io.hsu.cli;

import io.hsu.master.config.HsuConfig;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Runs a master in the foreground until SIGTERM or SIGINT. */
final class Foreground {
    private final HsuConfig config;
    private final Path stateDir;
    private final PrintWriter out;
    private final PrintWriter err;

    Foreground(HsuConfig config, Path stateDir, PrintWriter out, PrintWriter err) {
        this.config = config;
        this.stateDir = stateDir;
        this.out = out;
        this.err = err;
    }

    int run() {
        err.println("hsu: run is not implemented yet (" + config.summary() + ", state dir " + stateDir + ")");
        out.flush();
        return ExitCodes.FAILURE;
    }
}
