/**
 * Worker log collection: {@link io.hsu.logs.OutputCollector} drains every worker's output FIFOs
 * from one epoll loop; {@link io.hsu.logs.LogPipeline} frames lines, parses, filters and enriches
 * them, keeps an in-memory tail per worker, writes rotating files, the console, syslog, HTTP and
 * Elasticsearch outputs through bounded queues, follows files like {@code tail -F}, searches and
 * raises log alerts as {@link io.hsu.logs.LogEvent}s.
 */
package io.hsu.logs;
