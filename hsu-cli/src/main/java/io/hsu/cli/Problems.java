package io.hsu.cli;

import io.hsu.core.config.ConfigException;
import io.hsu.core.config.ConfigProblem;
import java.io.PrintWriter;
import java.util.List;

/** Prints config problems as CONFIG.md says: one line each, then {@code N problems}. */
final class Problems {
    private Problems() {
    }

    static void print(ConfigException error, PrintWriter err) {
        List<ConfigProblem> problems = error.problems();
        for (ConfigProblem problem : problems) {
            err.println(problem);
        }
        err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        err.flush();
    }

    static void printWarnings(List<ConfigProblem> warnings, PrintWriter err) {
        for (ConfigProblem warning : warnings) {
            err.println(warning);
        }
        err.flush();
    }
}
