package io.hsu.core.config;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link YamlConfig} loads a document: strict or lenient about unknown keys, where {@code ${VAR}}
 * values come from, and the limits that protect against hostile input.
 *
 * <p>Immutable and thread-safe.
 */
public final class YamlOptions {
    /** Default for {@link Builder#maxCharacters(int)}: 3 MiB of text. */
    public static final int DEFAULT_MAX_CHARACTERS = 3 * 1024 * 1024;
    /** Default for {@link Builder#maxDepth(int)}. */
    public static final int DEFAULT_MAX_DEPTH = 50;
    /** Default for {@link Builder#maxAliases(int)}. */
    public static final int DEFAULT_MAX_ALIASES = 1_000;
    /** Default for {@link Builder#maxNodes(int)}. */
    public static final int DEFAULT_MAX_NODES = 1_000_000;

    private static final YamlOptions DEFAULTS = builder().build();

    private final boolean lenient;
    private final Function<String, String> environment;
    private final int maxCharacters;
    private final int maxDepth;
    private final int maxAliases;
    private final int maxNodes;

    private YamlOptions(Builder builder) {
        lenient = builder.lenient;
        environment = builder.environment;
        maxCharacters = builder.maxCharacters;
        maxDepth = builder.maxDepth;
        maxAliases = builder.maxAliases;
        maxNodes = builder.maxNodes;
    }

    /** Strict, the process environment, default limits. */
    public static YamlOptions ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.lenient = lenient;
        builder.environment = environment;
        builder.maxCharacters = maxCharacters;
        builder.maxDepth = maxDepth;
        builder.maxAliases = maxAliases;
        builder.maxNodes = maxNodes;
        return builder;
    }

    /** Whether unknown keys are warnings ({@code --lenient}) instead of errors. */
    public boolean lenient() {
        return lenient;
    }

    /** Looks up {@code ${VAR}}: returns the value, or null when the variable is not set. */
    public Function<String, String> environment() {
        return environment;
    }

    /** The most characters (UTF-16 units) a document may have. */
    public int maxCharacters() {
        return maxCharacters;
    }

    /** The deepest nesting of mappings and lists, aliases expanded. */
    public int maxDepth() {
        return maxDepth;
    }

    /** The most aliases ({@code *name}) a document may use. */
    public int maxAliases() {
        return maxAliases;
    }

    /** The most nodes a document may have with every alias expanded (stops "billion laughs"). */
    public int maxNodes() {
        return maxNodes;
    }

    /** Builds {@link YamlOptions}. Not thread-safe; reusable after {@link #build()}. */
    public static final class Builder {
        private boolean lenient;
        private Function<String, String> environment = System::getenv;
        private int maxCharacters = DEFAULT_MAX_CHARACTERS;
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private int maxAliases = DEFAULT_MAX_ALIASES;
        private int maxNodes = DEFAULT_MAX_NODES;

        private Builder() {
        }

        /** Unknown keys become warnings instead of errors (default false). */
        public Builder lenient(boolean lenient) {
            this.lenient = lenient;
            return this;
        }

        /**
         * Where {@code ${VAR}} values come from (default {@code System::getenv}); the function
         * returns null for an unset variable.
         *
         * @throws NullPointerException if environment is null
         */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment must not be null");
            return this;
        }

        /**
         * Takes {@code ${VAR}} values from a fixed map (tests, or a prepared environment).
         *
         * @throws NullPointerException if environment is null
         */
        public Builder environment(Map<String, String> environment) {
            Map<String, String> copy = Map.copyOf(Objects.requireNonNull(environment, "environment must not be null"));
            return environment(copy::get);
        }

        /**
         * The most characters a document may have.
         *
         * @throws IllegalArgumentException if max is less than 1
         */
        public Builder maxCharacters(int max) {
            maxCharacters = atLeastOne("maxCharacters", max);
            return this;
        }

        /**
         * The deepest nesting of mappings and lists.
         *
         * @throws IllegalArgumentException if max is less than 1
         */
        public Builder maxDepth(int max) {
            maxDepth = atLeastOne("maxDepth", max);
            return this;
        }

        /**
         * The most aliases a document may use; 0 refuses every alias.
         *
         * @throws IllegalArgumentException if max is negative
         */
        public Builder maxAliases(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxAliases must be >= 0, but was " + max);
            }
            maxAliases = max;
            return this;
        }

        /**
         * The most nodes with every alias expanded.
         *
         * @throws IllegalArgumentException if max is less than 1
         */
        public Builder maxNodes(int max) {
            maxNodes = atLeastOne("maxNodes", max);
            return this;
        }

        /** Builds the options. */
        public YamlOptions build() {
            return new YamlOptions(this);
        }

        private static int atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, but was " + value);
            }
            return value;
        }
    }
}
