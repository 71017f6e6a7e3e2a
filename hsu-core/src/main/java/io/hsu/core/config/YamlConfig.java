package io.hsu.core.config;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads one YAML 1.2 document (core schema: {@code yes}, {@code no}, {@code on} stay strings) into a
 * {@link ConfigNode} tree, turning every syntax error, duplicate key, unset {@code ${VAR}} and broken
 * limit into a {@link ConfigProblem} with its position instead of an exception.
 *
 * <p>Hostile input is refused with a problem: documents longer than {@link YamlOptions#maxCharacters()},
 * nesting deeper than {@link YamlOptions#maxDepth()}, more than {@link YamlOptions#maxAliases()}
 * aliases, more than {@link YamlOptions#maxNodes()} nodes once aliases are expanded ("billion
 * laughs"), recursive aliases and a second document. Environment references in values (not keys)
 * are expanded once, at load time: <code>${VAR}</code>, <code>${VAR:-default}</code> (used when VAR
 * is unset or empty) and <code>$${</code> for a literal <code>${</code>.
 *
 * <p>When loading fails, the returned root {@linkplain ConfigNode#isMissing() is missing}, so
 * readers can run anyway and the problems list holds why. Stateless and thread-safe; each call
 * needs its own {@link ConfigProblems}.
 *
 * <pre>{@code
 * ConfigProblems problems = new ConfigProblems();
 * ConfigNode root = YamlConfig.load(Path.of("hsu.yaml"), YamlOptions.ofDefaults(), problems);
 * ConfigNode master = root.get("master").allowKeys("port", "log_level", "force_shutdown_timeout", "state_dir");
 * int port = master.get("port").asInt(1, 65535, 50055);
 * Duration stopBudget = master.get("force_shutdown_timeout").asDuration(Duration.ofSeconds(30));
 * problems.throwIfAny();   // ConfigException: "hsu.yaml:3:9: master.port: must be between 1 and 65535, but was 0" ...
 * }</pre>
 */
public final class YamlConfig {
    private YamlConfig() {
    }

    /**
     * Loads a UTF-8 file. Problems name the file as given ({@code file.toString()}); relative
     * paths read with {@link ConfigNode#asPath} resolve against the file's directory.
     *
     * @throws NullPointerException if an argument is null
     */
    public static ConfigNode load(Path file, YamlOptions options, ConfigProblems problems) {
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(problems, "problems must not be null");
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent() != null ? absolute.getParent() : absolute;
        YamlDocument document = new YamlDocument(file.toString(), directory, options, problems);
        if (Files.isDirectory(file)) {
            return fileProblem(document, "is a directory, not a file");
        }
        Reader reader;
        try {
            reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
        } catch (NoSuchFileException e) {
            return fileProblem(document, "file not found");
        } catch (AccessDeniedException e) {
            return fileProblem(document, "cannot read the file: permission denied");
        } catch (IOException e) {
            return fileProblem(document, "cannot read the file: " + e.getMessage());
        }
        try (Reader closing = reader) {
            return load(closing, document);
        } catch (IOException e) {
            return fileProblem(document, "cannot read the file: " + e.getMessage());
        }
    }

    /**
     * Loads YAML text. Relative paths read with {@link ConfigNode#asPath} resolve against the
     * working directory.
     *
     * @param sourceName the name problems show in front of line:column, or null for none
     * @throws NullPointerException if yaml, options or problems is null
     */
    public static ConfigNode load(String yaml, String sourceName, YamlOptions options, ConfigProblems problems) {
        Objects.requireNonNull(yaml, "yaml must not be null");
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(problems, "problems must not be null");
        YamlDocument document = new YamlDocument(sourceName, Path.of("").toAbsolutePath(), options, problems);
        return load(new StringReader(yaml), document);
    }

    private static ConfigNode load(Reader reader, YamlDocument document) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(document.source == null ? "yaml" : document.source)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setAllowNonScalarKeys(true)                     // reported by Walk, with a position
                .setMaxAliasesForCollections(Integer.MAX_VALUE) // LimitedParser and checkExpandedSize limit aliases
                .setCodePointLimit(Integer.MAX_VALUE)           // LimitedReader limits the size
                .setParseComments(false)
                .setUseMarks(true)
                .build();
        Optional<Node> root;
        try {
            LimitedReader limited = new LimitedReader(reader, document.options.maxCharacters());
            LimitedParser parser = new LimitedParser(
                    new ParserImpl(settings, new StreamReader(settings, limited)), document.options);
            root = new Composer(settings, parser).getSingleNode();
        } catch (YamlLimitExceeded e) {
            return problemAt(document, e.mark(), e.getMessage());
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            return problemAt(document, mark, syntaxMessage(e));
        } catch (YamlEngineException e) {
            return problemAt(document, null, unmarkedMessage(e));
        }
        if (root.isEmpty() || isEmptyScalar(root.get())) {
            return problemAt(document, null, "file is empty");
        }
        Node node = root.get();
        Walk walk = new Walk(document);
        if (!walk.check(node)) {
            return ConfigNode.missingRoot(document);
        }
        return ConfigNode.root(document, node);
    }

    private static boolean isEmptyScalar(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(node.getTag()) && scalar.getValue().isEmpty();
    }

    private static ConfigNode fileProblem(YamlDocument document, String message) {
        return problemAt(document, null, message);
    }

    private static ConfigNode problemAt(YamlDocument document, Mark mark, String message) {
        int line = mark == null ? 0 : mark.getLine() + 1;
        int column = mark == null ? 0 : mark.getColumn() + 1;
        document.problems.add(new ConfigProblem(document.source, line, column, "", message,
                ConfigProblem.Severity.ERROR));
        return ConfigNode.missingRoot(document);
    }

    /** One line, no snippet: SnakeYAML's problem, with its context when it has one. */
    private static String syntaxMessage(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
        if (problem.contains("'\\t'") || problem.contains("\\t(TAB)")) {
            return "tab characters cannot indent YAML; use spaces";
        }
        String context = e.getContext();
        String text = context == null || context.isEmpty() ? problem : context + ": " + problem;
        return "invalid YAML: " + text.replace('\n', ' ').strip();
    }

    private static String unmarkedMessage(YamlEngineException e) {
        Throwable cause = e.getCause();
        if (cause instanceof java.nio.charset.CharacterCodingException) {
            return "the file is not valid UTF-8";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "invalid YAML: " + message.replace('\n', ' ').strip();
    }

    /**
     * One pass over the composed graph, in document order, visiting each node once: rejects
     * duplicate keys and recursive aliases, limits the expanded size and depth, and expands the
     * environment in value scalars. Returns false when the document must not be read further.
     */
    private static final class Walk {
        private final YamlDocument document;
        private final EnvironmentExpander expander;
        private final Map<Node, long[]> sizeAndDepth = new IdentityHashMap<>();
        private final Map<Node, Boolean> inProgress = new IdentityHashMap<>();

        Walk(YamlDocument document) {
            this.document = document;
            this.expander = new EnvironmentExpander(document.options.environment());
        }

        boolean check(Node root) {
            long[] result = measure(root, "", true);
            if (result == null) {
                return false;
            }
            if (result[0] > document.options.maxNodes()) {
                error(root, "", "the document expands to more than " + document.options.maxNodes()
                        + " nodes through aliases (*name); use fewer aliases");
                return false;
            }
            if (result[1] > document.options.maxDepth()) {
                error(root, "", "nesting is deeper than " + document.options.maxDepth()
                        + " levels once aliases (*name) are expanded");
                return false;
            }
            return true;
        }

        /** Returns {expanded node count, expanded depth}, or null after a fatal problem. */
        private long[] measure(Node node, String path, boolean isValue) {
            long[] known = sizeAndDepth.get(node);
            if (known != null) {
                return known;
            }
            if (inProgress.containsKey(node)) {
                error(node, path, "this alias refers to a mapping or list that contains it; recursive aliases are not allowed");
                return null;
            }
            long size = 1;
            long depth = 0;
            inProgress.put(node, Boolean.TRUE);
            if (node instanceof ScalarNode scalar) {
                if (isValue && scalar.getValue().indexOf('$') >= 0) {
                    boolean[] failed = {false};
                    String value = expander.expand(scalar.getValue(), message -> {
                        error(scalar, path, message);
                        failed[0] = true;
                    });
                    document.expanded.put(scalar, value);
                    if (failed[0]) {
                        document.unexpandable.add(scalar);
                    }
                }
            } else if (node instanceof SequenceNode sequence) {
                int index = 0;
                for (Node item : sequence.getValue()) {
                    long[] child = measure(item, path + "[" + index++ + "]", true);
                    if (child == null) {
                        return null;
                    }
                    size = saturatedAdd(size, child[0]);
                    depth = Math.max(depth, child[1]);
                }
                depth++;
            } else if (node instanceof MappingNode mapping) {
                Map<String, Node> seen = new HashMap<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    Node key = tuple.getKeyNode();
                    String keyText = key instanceof ScalarNode scalarKey ? scalarKey.getValue() : null;
                    if (keyText == null) {
                        error(key, path, "keys must be plain values, not " + (key instanceof MappingNode ? "mappings" : "lists"));
                        return null;
                    }
                    String childPath = ConfigNode.childPath(path, keyText);
                    Node first = seen.putIfAbsent(keyText, key);
                    if (first != null) {
                        error(key, childPath, "duplicate key '" + keyText + "' (first defined at line "
                                + first.getStartMark().map(m -> m.getLine() + 1).orElse(0) + ")");
                    }
                    long[] keySize = measure(key, childPath, false);
                    long[] child = keySize == null ? null : measure(tuple.getValueNode(), childPath, true);
                    if (child == null) {
                        return null;
                    }
                    size = saturatedAdd(size, saturatedAdd(keySize[0], child[0]));
                    depth = Math.max(depth, Math.max(keySize[1], child[1]));
                }
                depth++;
            }
            inProgress.remove(node);
            long[] result = {size, depth};
            sizeAndDepth.put(node, result);
            return result;
        }

        private void error(Node node, String path, String message) {
            Mark mark = node.getStartMark().orElse(null);
            document.problems.add(new ConfigProblem(document.source,
                    mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                    path, message, ConfigProblem.Severity.ERROR));
        }

        private static long saturatedAdd(long a, long b) {
            long sum = a + b;
            return sum < 0 ? Long.MAX_VALUE : sum;
        }
    }
}
