package io.hsu.core.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** What every {@link ConfigNode} of one loaded document shares. */
final class YamlDocument {
    final String source;
    final Path baseDirectory;
    final YamlOptions options;
    final ConfigProblems problems;
    /** Scalar values after environment expansion; scalars without a '$' are absent. */
    final Map<ScalarNode, String> expanded = new IdentityHashMap<>();
    /** Scalars whose expansion failed (already reported): they read as absent. */
    final Set<ScalarNode> unexpandable = Collections.newSetFromMap(new IdentityHashMap<>());

    YamlDocument(String source, Path baseDirectory, YamlOptions options, ConfigProblems problems) {
        this.source = source;
        this.baseDirectory = baseDirectory;
        this.options = options;
        this.problems = problems;
    }

    /** The value after expansion, or null when expansion failed. */
    String valueOf(ScalarNode scalar) {
        if (unexpandable.contains(scalar)) {
            return null;
        }
        String value = expanded.get(scalar);
        return value != null ? value : scalar.getValue();
    }
}
