package io.hsu.logs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hsu.core.WorkerId;
import io.hsu.logs.LogCollectionConfig;
import io.hsu.logs.LogEvent;
import io.hsu.logs.LogInput;
import io.hsu.logs.LogPipeline;
import io.hsu.logs.LogStream;
import io.hsu.logs.OutputConfig;
import io.hsu.logs.OutputType;
import io.hsu.logs.WorkerLogConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Elasticsearch and HTTP outputs against a loopback server that checks every request. */
@Tag("process")
final class ElasticsearchBulkIT {
    private static final WorkerId WEB = WorkerId.of("web-1");

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<Map<String, Object>> documents = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/_bulk", this::bulk);
        server.createContext("/ingest", this::jsonLines);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void bulk(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        if (failFirst.getAndDecrement() > 0) {
            respond(exchange, 503, "{\"error\":\"unavailable\"}");
            return;
        }
        check(exchange.getRequestMethod().equals("POST"), "method " + exchange.getRequestMethod());
        check("application/x-ndjson".equals(exchange.getRequestHeaders().getFirst("Content-Type")), "content type");
        check(body.endsWith("\n"), "body must end with a newline");
        String[] lines = body.split("\n");
        check(lines.length % 2 == 0, "action and document lines must pair up, got " + lines.length);
        for (int i = 0; i + 1 < lines.length; i += 2) {
            Object action = Json.parse(lines[i]);
            check(action instanceof Map && ((Map<?, ?>) action).size() == 1 && ((Map<?, ?>) action).get("index") instanceof Map,
                    "action line " + lines[i]);
            Object index = ((Map<?, ?>) ((Map<?, ?>) action).get("index")).get("_index");
            check(index instanceof String && ((String) index).matches("hsu-web-1-\\d{4}\\.\\d{2}\\.\\d{2}"), "index " + index);
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) Json.parse(lines[i + 1]);
            check(doc.get("@timestamp") instanceof String, "@timestamp in " + lines[i + 1]);
            Instant.parse((String) doc.get("@timestamp"));
            documents.add(doc);
        }
        respond(exchange, 200, "{\"took\":1,\"errors\":false,\"items\":[]}");
    }

    private void jsonLines(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        for (String line : body.split("\n")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) Json.parse(line);
            documents.add(doc);
        }
        respond(exchange, 204, "");
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            problems.add(what);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            exchange.getResponseBody().write(b);
        }
        exchange.close();
    }

    @Test
    void bulkRequests_wellFormed_everyLineIndexedOnce_afterARetry() throws Exception {
        failFirst.set(1);
        OutputConfig es = OutputConfig.builder(OutputType.ELASTICSEARCH).url(url()).index("hsu-{worker_id}-{date}")
                .basicAuth("elastic", "secret").build();
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir)
                .defaultWorker(WorkerLogConfig.builder().forwarding(List.of(es)).build()).build();
        List<LogEvent> events = new CopyOnWriteArrayList<>();
        try (LogPipeline logs = LogPipeline.start(config)) {
            logs.events().subscribe(events::add);
            LogInput in = logs.input(WEB, LogStream.STDOUT);
            for (int i = 0; i < 500; i++) {
                byte[] line = ("{\"level\":\"info\",\"n\":" + i + ",\"msg\":\"request \\\"" + i + "\\\"\"}\n").getBytes(StandardCharsets.UTF_8);
                in.write(line, 0, line.length);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> documents.size() >= 500);
            assertThat(logs.awaitWritten(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(problems).isEmpty();
        assertThat(documents).hasSize(500);
        for (int i = 0; i < 500; i++) {
            Map<String, Object> doc = documents.get(i);
            assertThat(doc).containsEntry("worker", "web-1").containsEntry("stream", "stdout").containsEntry("level", "info")
                    .containsEntry("seq", (long) i).containsKey("host").containsEntry("line", (long) i + 1);
            assertThat(((Map<?, ?>) doc.get("fields")).get("n")).isEqualTo((long) i);
        }
        assertThat(authorizations).allSatisfy(a -> assertThat(a).isEqualTo("Basic ZWxhc3RpYzpzZWNyZXQ="));
        assertThat(events).filteredOn(e -> e instanceof LogEvent.OutputFailed).singleElement()
                .satisfies(e -> assertThat(((LogEvent.OutputFailed) e).error()).startsWith("IOException: HTTP 503 from " + url() + "/_bulk"));
        assertThat(events).filteredOn(e -> e instanceof LogEvent.OutputRecovered).hasSize(1);
    }

    @Test
    void httpJsonLines_withBearerToken() throws Exception {
        OutputConfig http = OutputConfig.builder(OutputType.HTTP).url(url() + "/ingest").bearerAuth("t0k3n").build();
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir)
                .defaultWorker(WorkerLogConfig.builder().parseStructured(false).forwarding(List.of(http)).build()).build();
        try (LogPipeline logs = LogPipeline.start(config)) {
            LogInput in = logs.input(WEB, LogStream.STDERR);
            byte[] text = "one\ntwo\n".getBytes(StandardCharsets.UTF_8);
            in.write(text, 0, text.length);
            assertThat(logs.awaitWritten(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(documents).extracting(d -> d.get("message")).containsExactly("one", "two");
        assertThat(documents).allSatisfy(d -> assertThat(d).containsEntry("stream", "stderr"));
        assertThat(authorizations).allSatisfy(a -> assertThat(a).isEqualTo("Bearer t0k3n"));
    }
}
