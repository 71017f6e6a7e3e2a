package io.hsu.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Collects the problems of one configuration so that all of them are reported together. A problem
 * equal to one already present is kept once (reading the same bad node twice reports it once).
 * Lists are returned sorted by line and column, problems without a position first.
 *
 * <p>Not thread-safe: use one instance per load, from one thread.
 */
public final class ConfigProblems {
    private static final Comparator<ConfigProblem> BY_POSITION =
            Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column);

    private final Set<ConfigProblem> problems = new LinkedHashSet<>();
    private int errorCount;

    /** Creates an empty collector. */
    public ConfigProblems() {
    }

    /**
     * Adds a problem.
     *
     * @throws NullPointerException if problem is null
     */
    public void add(ConfigProblem problem) {
        if (problems.add(Objects.requireNonNull(problem, "problem must not be null")) && problem.isError()) {
            errorCount++;
        }
    }

    /**
     * Adds an error at the node's position and path, for example a builder's validation message.
     *
     * @throws NullPointerException if node or message is null
     */
    public void error(ConfigNode node, String message) {
        add(node.problem(message, ConfigProblem.Severity.ERROR));
    }

    /**
     * Adds a warning at the node's position and path.
     *
     * @throws NullPointerException if node or message is null
     */
    public void warning(ConfigNode node, String message) {
        add(node.problem(message, ConfigProblem.Severity.WARNING));
    }

    /** Every problem, errors and warnings, sorted by position. */
    public List<ConfigProblem> all() {
        return sorted(problems.stream().toList());
    }

    /** The errors, sorted by position. */
    public List<ConfigProblem> errors() {
        return sorted(problems.stream().filter(ConfigProblem::isError).toList());
    }

    /** The warnings, sorted by position. */
    public List<ConfigProblem> warnings() {
        return sorted(problems.stream().filter(p -> !p.isError()).toList());
    }

    /** Whether any error was added. */
    public boolean hasErrors() {
        return errorCount > 0;
    }

    /**
     * How many distinct errors were added; constant time, so section readers can compare counts
     * before and after reading a node ("did this section add errors?") in files with many workers.
     */
    public int errorCount() {
        return errorCount;
    }

    /**
     * Throws if any error was added; warnings alone do not throw.
     *
     * @throws ConfigException listing every error, sorted by position
     */
    public void throwIfAny() {
        List<ConfigProblem> errors = errors();
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    @Override
    public String toString() {
        return "ConfigProblems" + all();
    }

    private static List<ConfigProblem> sorted(List<ConfigProblem> list) {
        List<ConfigProblem> copy = new ArrayList<>(list);
        copy.sort(BY_POSITION);
        return List.copyOf(copy);
    }
}
