package io.hsu.core.config;

import io.hsu.core.ByteSize;
import io.hsu.core.Durations;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One place in a loaded YAML document, which knows its path ({@code workers[2].unit.managed}) and
 * position, and reads typed values from it. A node can be <em>missing</em> (the key is absent or its
 * value is {@code null}/{@code ~}/empty); a missing node still has a path, and reading it gives the
 * default.
 *
 * <p>Readers never throw for bad input: every {@code as...} method that meets a value it cannot use
 * adds an error to the document's {@link ConfigProblems} at this node's position and returns the
 * default, so one pass reports every mistake of a file. Messages say what was expected and quote what
 * was written, for example {@code must be between 1 and 65535, but was 70000}.
 *
 * <p>Scalars are read after environment expansion (see {@link YamlConfig}); quoted and plain scalars
 * are read alike, so {@code port: "8080"} is an integer. Enum-like values match without regard to case,
 * with {@code -} and {@code _} alike ({@code on-failure} reads {@code ON_FAILURE}).
 *
 * <p>Not thread-safe: read one document from one thread. Nothing to close.
 */
public final class ConfigNode {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<String> YAML11_BOOLEANS = Set.of("yes", "no", "on", "off", "y", "n");

    private final YamlDocument document;
    private final Node node; // null when missing
    private final String path;
    private final int line;
    private final int column;
    /** Where this node was named (its key, or its list item); missing children are reported there. */
    private final int nameLine;
    private final int nameColumn;

    private ConfigNode(YamlDocument document, Node node, String path, int line, int column, int nameLine,
                       int nameColumn) {
        this.document = document;
        this.node = node;
        this.path = path;
        this.line = line;
        this.column = column;
        this.nameLine = nameLine;
        this.nameColumn = nameColumn;
    }

    static ConfigNode root(YamlDocument document, Node node) {
        Mark mark = node.getStartMark().orElse(null);
        int line = lineOf(mark);
        int column = columnOf(mark);
        return new ConfigNode(document, node, "", line, column, line, column);
    }

    static ConfigNode missingRoot(YamlDocument document) {
        return new ConfigNode(document, null, "", 0, 0, 0, 0);
    }

    // ---------------------------------------------------------------- where

    /** The YAML path, such as {@code workers[2].unit.managed.control}; empty for the root. */
    public String path() {
        return path;
    }

    /** The file name problems show, or null. */
    public String source() {
        return document.source;
    }

    /** 1-based line of the value (for a missing node: of the place it was looked for); 0 if unknown. */
    public int line() {
        return line;
    }

    /** 1-based column of the value (for a missing node: of the place it was looked for); 0 if unknown. */
    public int column() {
        return column;
    }

    /** The collector that receives this document's problems, to add checks of your own. */
    public ConfigProblems problems() {
        return document.problems;
    }

    /** Whether the node is absent or null ({@code key:}, {@code key: ~}, {@code key: null}). */
    public boolean isMissing() {
        return node == null || (node instanceof ScalarNode && Tag.NULL.equals(node.getTag()));
    }

    /** Whether the node is a mapping ({@code key: value} pairs). */
    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    /** Whether the node is a list. */
    public boolean isList() {
        return node instanceof SequenceNode;
    }

    /** Whether the node is a present single value (not a mapping, a list, or missing). */
    public boolean isScalar() {
        return node instanceof ScalarNode && !isMissing();
    }

    // ---------------------------------------------------------------- structure

    /**
     * The value of a key. Returns a missing node when the key is absent, or when this node is
     * missing; adds an error when this node is present but not a mapping.
     *
     * @throws NullPointerException if key is null
     */
    public ConfigNode get(String key) {
        Objects.requireNonNull(key, "key must not be null");
        String childPath = childPath(path, key);
        if (!expect(MappingNode.class)) {
            return missingChild(childPath);
        }
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalarKey && scalarKey.getValue().equals(key)) {
                return child(tuple.getValueNode(), childPath, tuple.getKeyNode());
            }
        }
        return missingChild(childPath);
    }

    /**
     * The item at an index of a list, or a missing node when there is none; adds an error when this
     * node is present but not a list.
     */
    public ConfigNode at(int index) {
        String childPath = path + "[" + index + "]";
        if (!expect(SequenceNode.class)) {
            return missingChild(childPath);
        }
        List<Node> items = ((SequenceNode) node).getValue();
        if (index < 0 || index >= items.size()) {
            return missingChild(childPath);
        }
        Node item = items.get(index);
        return child(item, childPath, item);
    }

    /** The items of a list; empty when missing, and with an error when not a list. */
    public List<ConfigNode> items() {
        if (!expect(SequenceNode.class)) {
            return List.of();
        }
        List<Node> items = ((SequenceNode) node).getValue();
        List<ConfigNode> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            result.add(child(items.get(i), path + "[" + i + "]", items.get(i)));
        }
        return List.copyOf(result);
    }

    /** The keys of a mapping in file order; empty when missing, and with an error when not a mapping. */
    public List<String> keys() {
        return List.copyOf(entries().keySet());
    }

    /**
     * The entries of a mapping in file order (for maps with free keys such as {@code headers});
     * empty when missing, and with an error when not a mapping. A key that is not a plain value is
     * reported and skipped.
     */
    public Map<String, ConfigNode> entries() {
        Map<String, ConfigNode> result = new LinkedHashMap<>();
        if (!expect(MappingNode.class)) {
            return result;
        }
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            Node key = tuple.getKeyNode();
            if (key instanceof ScalarNode scalarKey) {
                result.putIfAbsent(scalarKey.getValue(),
                        child(tuple.getValueNode(), childPath(path, scalarKey.getValue()), key));
            } else {
                child(key, path, key).error("keys must be plain values, not " + describe(key));
            }
        }
        return result;
    }

    /**
     * Reports each key of this mapping that is not among {@code allowed}: an error with a
     * "did you mean" hint, or a warning when the options are {@linkplain YamlOptions#lenient()
     * lenient}. Does nothing when missing; adds an error when not a mapping.
     *
     * @return this node, to chain reads
     */
    public ConfigNode allowKeys(String... allowed) {
        return allowKeys(Arrays.asList(allowed));
    }

    /**
     * Same as {@link #allowKeys(String...)}.
     *
     * @return this node, to chain reads
     */
    public ConfigNode allowKeys(Collection<String> allowed) {
        Set<String> known = new LinkedHashSet<>(allowed);
        for (Map.Entry<String, ConfigNode> entry : entries().entrySet()) {
            String key = entry.getKey();
            if (known.contains(key)) {
                continue;
            }
            ConfigNode at = entry.getValue().atName();
            String hint = KeySuggestions.closest(key, known).map(k -> "; did you mean '" + k + "'?")
                    .orElse(known.size() <= 12 ? " (allowed: " + String.join(", ", known) + ")" : "");
            if (document.options.lenient()) {
                at.warning("unknown key '" + key + "' is ignored" + hint);
            } else {
                at.error("unknown key '" + key + "'" + hint);
            }
        }
        return this;
    }

    /**
     * Adds the error {@code is required} when this node is missing.
     *
     * @return this node, to chain a read such as {@code node.require().asInt(1, 10, 1)}
     */
    public ConfigNode require() {
        if (isMissing()) {
            error("is required");
        }
        return this;
    }

    // ---------------------------------------------------------------- values

    /** The value as text, or {@code defaultValue} when missing; adds an error for a mapping or list. */
    public String asString(String defaultValue) {
        String text = text();
        return text == null ? defaultValue : text;
    }

    /** The value as text; adds {@code is required} and returns null when missing. */
    public String requireString() {
        return require().asString(null);
    }

    /**
     * An integer in {@code [min, max]} (decimal, or YAML's {@code 0x1F} and {@code 0o17}), or
     * {@code defaultValue} when missing or invalid.
     */
    public int asInt(int min, int max, int defaultValue) {
        return (int) readInteger(min, max, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A long in {@code [min, max]}, or {@code defaultValue} when missing or invalid. */
    public long asLong(long min, long max, long defaultValue) {
        return readInteger(min, max, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private long readInteger(long min, long max, long defaultValue, long lowest, long highest) {
        String text = text();
        if (text == null) {
            return defaultValue;
        }
        BigInteger value = parseInteger(text.strip());
        if (value == null) {
            error("must be an integer" + rangeText(min, max, lowest, highest) + ", but was " + quoted());
            return defaultValue;
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            String range = rangeText(min, max, lowest, highest);
            error("must be" + (range.isEmpty() ? " between " + min + " and " + max : range) + ", but was " + value);
            return defaultValue;
        }
        return value.longValue();
    }

    /** A finite number in {@code [min, max]}, or {@code defaultValue} when missing or invalid. */
    public double asDouble(double min, double max, double defaultValue) {
        String text = text();
        if (text == null) {
            return defaultValue;
        }
        String s = text.strip();
        boolean hex = HEX.matcher(s).matches() || OCTAL.matcher(s).matches();
        double value = hex ? parseInteger(s).doubleValue() : FLOAT.matcher(s).matches() ? Double.parseDouble(s) : Double.NaN;
        String range = min == -Double.MAX_VALUE && max == Double.MAX_VALUE ? ""
                : max == Double.MAX_VALUE ? " >= " + plain(min)
                : min == -Double.MAX_VALUE ? " <= " + plain(max)
                : " between " + plain(min) + " and " + plain(max);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            error("must be a number" + range + ", but was " + quoted());
            return defaultValue;
        }
        if (value < min || value > max) {
            error("must be" + range + ", but was " + s);
            return defaultValue;
        }
        return value;
    }

    /** {@code true} or {@code false} (YAML 1.2: not {@code yes}/{@code no}/{@code on}/{@code off}). */
    public boolean asBoolean(boolean defaultValue) {
        String text = text();
        if (text == null) {
            return defaultValue;
        }
        switch (text.strip()) {
            case "true": case "True": case "TRUE":
                return true;
            case "false": case "False": case "FALSE":
                return false;
            default:
                String hint = YAML11_BOOLEANS.contains(text.strip().toLowerCase(Locale.ROOT))
                        ? " (YAML 1.2 reads yes, no, on and off as text)" : "";
                error("must be true or false, but was " + quoted() + hint);
                return defaultValue;
        }
    }

    /** A duration in Go syntax ({@code 300ms}, {@code 1h30m}, {@code 7d}; see {@link Durations}). */
    public Duration asDuration(Duration defaultValue) {
        return asDuration(Duration.ZERO, Durations.MAX, defaultValue);
    }

    /** A duration in {@code [min, max]}, or {@code defaultValue} when missing or invalid. */
    public Duration asDuration(Duration min, Duration max, Duration defaultValue) {
        String text = text();
        if (text == null) {
            return defaultValue;
        }
        Duration value;
        try {
            value = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            error(reasonOf(e));
            return defaultValue;
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            String range = max.equals(Durations.MAX) ? " >= " + Durations.format(min)
                    : min.isZero() ? " <= " + Durations.format(max)
                    : " between " + Durations.format(min) + " and " + Durations.format(max);
            error("must be" + range + ", but was " + text.strip());
            return defaultValue;
        }
        return value;
    }

    /** A size: bytes as an integer, or text with a unit ({@code 512KB}, {@code 2GiB}; see {@link ByteSize}). */
    public ByteSize asSize(ByteSize defaultValue) {
        String text = text();
        if (text == null) {
            return defaultValue;
        }
        try {
            return ByteSize.parse(text);
        } catch (IllegalArgumentException e) {
            error(reasonOf(e));
            return defaultValue;
        }
    }

    /**
     * One of an enum's constants, written in lower case with {@code _} or {@code -} ({@code on-failure}
     * or {@code on_failure} for {@code ON_FAILURE}); the error lists them as {@code on_failure}.
     */
    public <E extends Enum<E>> E asEnum(Class<E> type, E defaultValue) {
        return asEnum(type, e -> e.name().toLowerCase(Locale.ROOT), defaultValue);
    }

    /**
     * One of an enum's constants, where {@code spelling} gives the documented YAML spelling of each
     * (used in the error message); matching ignores case and treats {@code -} and {@code _} alike.
     */
    public <E extends Enum<E>> E asEnum(Class<E> type, Function<? super E, String> spelling, E defaultValue) {
        Map<String, E> choices = new LinkedHashMap<>();
        for (E constant : type.getEnumConstants()) {
            choices.put(spelling.apply(constant), constant);
        }
        return choose(choices, defaultValue);
    }

    /**
     * One of {@code allowed}, matched as {@link #asEnum} matches, returned as spelled in {@code allowed}.
     */
    public String asChoice(List<String> allowed, String defaultValue) {
        Map<String, String> choices = new LinkedHashMap<>();
        for (String choice : allowed) {
            choices.put(choice, choice);
        }
        return choose(choices, defaultValue);
    }

    /** A list of values ({@code [a, b]}); empty when missing. A null item reads as an empty string. */
    public List<String> asStringList() {
        if (isMissing()) {
            return List.of();
        }
        if (!(node instanceof SequenceNode)) {
            error("must be a list, but was " + describe(node));
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (ConfigNode item : items()) {
            result.add(item.asString(""));
        }
        return List.copyOf(result);
    }

    /** A mapping of values ({@code {K: v}}) in file order; empty when missing. A null value reads as "". */
    public Map<String, String> asStringMap() {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> entry : entries().entrySet()) {
            result.put(entry.getKey(), entry.getValue().asString(""));
        }
        return result;
    }

    /**
     * A file system path; a relative path resolves against the config file's directory (the working
     * directory for YAML text). Does not check that the file exists.
     */
    public Path asPath(Path defaultValue) {
        String text = text();
        if (text == null) {
            return defaultValue;
        }
        if (text.isBlank()) {
            error("must be a path, but was empty");
            return defaultValue;
        }
        try {
            return document.baseDirectory.resolve(text).normalize();
        } catch (InvalidPathException e) {
            error("is not a valid path: " + e.getReason());
            return defaultValue;
        }
    }

    /** The directory relative paths in this document resolve against: the config file's own. */
    public Path baseDirectory() {
        return document.baseDirectory;
    }

    /** The path and position, for debugging. */
    @Override
    public String toString() {
        return "ConfigNode[" + (path.isEmpty() ? "(root)" : path) + " at " + line + ":" + column
                + (isMissing() ? ", missing]" : "]");
    }

    // ---------------------------------------------------------------- helpers

    ConfigProblem problem(String message, ConfigProblem.Severity severity) {
        return new ConfigProblem(document.source, line, column, path, Objects.requireNonNull(message, "message must not be null"), severity);
    }

    private void error(String message) {
        document.problems.add(problem(message, ConfigProblem.Severity.ERROR));
    }

    private void warning(String message) {
        document.problems.add(problem(message, ConfigProblem.Severity.WARNING));
    }

    /** Text of a present scalar (expanded), or null when missing; adds an error for a collection. */
    private String text() {
        if (isMissing()) {
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            return document.valueOf(scalar); // null when expansion failed: that problem is already reported
        }
        error("must be a single value, but was " + describe(node));
        return null;
    }

    /** True when this node is present and of the type; false (with an error when present) otherwise. */
    private boolean expect(Class<? extends Node> type) {
        if (isMissing()) {
            return false;
        }
        if (!type.isInstance(node)) {
            error("must be " + (type == MappingNode.class ? "a mapping (key: value)" : "a list") + ", but was "
                    + describe(node));
            return false;
        }
        return true;
    }

    private <T> T choose(Map<String, T> choices, T defaultValue) {
        String text = text();
        if (text == null) {
            return defaultValue;
        }
        String wanted = normalized(text.strip());
        for (Map.Entry<String, T> entry : choices.entrySet()) {
            if (normalized(entry.getKey()).equals(wanted)) {
                return entry.getValue();
            }
        }
        error("must be one of " + String.join(", ", choices.keySet()) + ", but was " + quoted());
        return defaultValue;
    }

    private static String normalized(String choice) {
        return choice.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    private ConfigNode child(Node child, String childPath, Node namedBy) {
        Mark mark = child.getStartMark().orElse(null);
        Mark nameMark = namedBy.getStartMark().orElse(null);
        return new ConfigNode(document, child, childPath, lineOf(mark), columnOf(mark), lineOf(nameMark),
                columnOf(nameMark));
    }

    private ConfigNode missingChild(String childPath) {
        return new ConfigNode(document, null, childPath, nameLine, nameColumn, nameLine, nameColumn);
    }

    /** The same node, positioned where it was named (its key): unknown keys are reported there. */
    private ConfigNode atName() {
        return new ConfigNode(document, node, path, nameLine, nameColumn, nameLine, nameColumn);
    }

    /** What the user wrote, quoted and shortened; environment values are never shown. */
    private String quoted() {
        String raw = ((ScalarNode) node).getValue();
        return "'" + (raw.length() <= 40 ? raw : raw.substring(0, 37) + "...") + "'";
    }

    /** Drops the {@code invalid duration "x": } prefix, since the problem already names the place. */
    private String reasonOf(IllegalArgumentException e) {
        String message = e.getMessage();
        int colon = message.indexOf("\": ");
        String kind = message.startsWith("invalid duration") ? "must be a duration like 30s or 1h30m"
                : "must be a size like 1048576, 512KB or 2GiB";
        return kind + ", but was " + quoted() + (colon < 0 ? "" : ": " + message.substring(colon + 3));
    }

    private static BigInteger parseInteger(String s) {
        if (INTEGER.matcher(s).matches()) {
            return new BigInteger(s.startsWith("+") ? s.substring(1) : s);
        }
        if (HEX.matcher(s).matches()) {
            return new BigInteger(s.substring(2), 16);
        }
        if (OCTAL.matcher(s).matches()) {
            return new BigInteger(s.substring(2), 8);
        }
        return null;
    }

    private static String rangeText(long min, long max, long lowest, long highest) {
        if (min == lowest && max == highest) {
            return "";
        }
        if (max == highest) {
            return " >= " + min;
        }
        if (min == lowest) {
            return " <= " + max;
        }
        return " between " + min + " and " + max;
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "a value";
    }

    static String childPath(String parent, String key) {
        String segment = PLAIN_KEY.matcher(key).matches() ? key : "[\"" + key.replace("\"", "\\\"") + "\"]";
        if (parent.isEmpty()) {
            return segment;
        }
        return segment.startsWith("[") ? parent + segment : parent + "." + segment;
    }

    private static int lineOf(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    private static int columnOf(Mark mark) {
        return mark == null ? 0 : mark.getColumn() + 1;
    }
}
