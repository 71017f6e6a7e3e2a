/**
 * Reading YAML configuration with diagnostics: {@link io.hsu.core.config.YamlConfig} loads a file
 * defensively (YAML 1.2 core schema, limits on size, nesting and aliases, {@code ${VAR}} expansion),
 * and {@link io.hsu.core.config.ConfigNode} reads typed values from it. Every mistake becomes a
 * {@link io.hsu.core.config.ConfigProblem} with file, line, column and path, collected in
 * {@link io.hsu.core.config.ConfigProblems}, so one pass reports every problem of a file; then
 * {@link io.hsu.core.config.ConfigProblems#throwIfAny()} throws a {@link io.hsu.core.config.ConfigException}.
 */
package io.hsu.core.config;
