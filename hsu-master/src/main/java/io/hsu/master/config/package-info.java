/**
 * The HSU YAML schema: {@link io.hsu.master.config.HsuConfig#load} reads a config file into
 * immutable, validated configs ({@link io.hsu.master.config.WorkerConfig} and its sections),
 * reporting every problem of the file at once with file:line:column and path. Strict about
 * unknown keys by default; lenient mode turns them into warnings.
 */
package io.hsu.master.config;
