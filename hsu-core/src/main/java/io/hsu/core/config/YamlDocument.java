package io.hsu.core.config;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** What every {@link ConfigNode} of one loaded document shares. */
final class YamlDocument {
    final String source;
    final Path baseDirectory;
    final YamlOptions options;
    final ConfigProblems problems;
    /** Scalar values after environment expansion; scalars without a '$' are absent. */
    final Map<ScalarNode, String> expanded = new IdentityHashMap<>();

    YamlDocument(String source, Path baseDirectory, YamlOptions options, ConfigProblems problems) {
        this.source = source;
        this.baseDirectory = baseDirectory;
        this.options = options;
        this.problems = problems;
    }

    String valueOf(ScalarNode scalar) {
        String value = expanded.get(scalar);
        return value != null ? value : scalar.getValue();
    }
}
