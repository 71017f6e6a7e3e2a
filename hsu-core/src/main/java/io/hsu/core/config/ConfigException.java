package io.hsu.core.config;

import io.hsu.core.ErrorKind;
import io.hsu.core.HsuException;
import java.util.List;

/**
 * A configuration has errors. The message lists one problem per line ({@link ConfigProblem#toString()}),
 * followed by a line {@code N problems} (or {@code 1 problem}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigException extends HsuException {
    private static final long serialVersionUID = 1L;

    // transient: ConfigProblem is not Serializable, and a deserialized exception keeps its message.
    private final transient List<ConfigProblem> problems;

    /**
     * Creates the exception for the given problems, in the order given.
     *
     * @throws IllegalArgumentException if problems is empty
     * @throws NullPointerException if problems is or contains null
     */
    public ConfigException(List<ConfigProblem> problems) {
        super(messageOf(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order of the message; never empty. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.CONFIG;
    }

    private static String messageOf(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        StringBuilder out = new StringBuilder();
        for (ConfigProblem problem : problems) {
            out.append(problem).append('\n');
        }
        return out.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").toString();
    }
}
