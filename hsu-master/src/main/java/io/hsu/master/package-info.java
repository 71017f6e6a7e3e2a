/**
 * Many workers on one host: {@link io.hsu.master.Master} adds, starts, stops, restarts and removes
 * workers, orders them by their dependencies, holds the state directory (one master per directory)
 * and merges every worker's events into one stream. The YAML schema is in
 * {@link io.hsu.master.config}.
 */
package io.hsu.master;
