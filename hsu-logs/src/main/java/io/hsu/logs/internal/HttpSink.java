package io.hsu.logs.internal;

import io.hsu.logs.LogRecord;
import io.hsu.logs.OutputConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP output: POSTs buffered records as JSON lines ({@code application/x-ndjson}), or, for
 * Elasticsearch, as a {@code _bulk} body (an index action line before each document). A non-2xx
 * answer or a connection failure fails the flush, which the queue retries with the same body.
 * Elasticsearch item errors (a rejected document) are logged, not retried.
 */
final class HttpSink implements Sink {
    private static final Logger log = LoggerFactory.getLogger(HttpSink.class);
    private static final DateTimeFormatter INDEX_DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

    private final OutputConfig config;
    private final Formatter formatter;
    private final boolean bulk;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean itemErrorsLogged;

    HttpSink(OutputConfig config, Formatter formatter, boolean bulk) {
        this.config = config;
        this.formatter = formatter;
        this.bulk = bulk;
        String base = config.url().toString();
        this.target = bulk ? URI.create(base.endsWith("/") ? base + "_bulk" : base + "/_bulk") : config.url();
    }

    @Override
    public void write(LogBatch batch) {
        List<LogRecord> records = batch.records != null ? batch.records : batch.decode();
        StringBuilder b = new StringBuilder(256);
        for (LogRecord r : records) {
            b.setLength(0);
            if (bulk) {
                b.append("{\"index\":{\"_index\":");
                Json.quote(b, config.index().replace("{date}", INDEX_DAY.format(r.time())).replace("{worker_id}", r.worker().value()));
                b.append("}}\n");
                int docStart = b.length();
                formatter.json(b, r, true, batch.enrich);
                b.insert(docStart + 1, "\"@timestamp\":\"" + DateTimeFormatter.ISO_INSTANT.format(r.time()) + "\",");
            } else {
                formatter.json(b, r, config.format() == io.hsu.logs.LogFormat.STRUCTURED_JSON, batch.enrich);
            }
            b.append('\n');
            body.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public long buffered() {
        return body.size();
    }

    @Override
    public void flush() throws IOException {
        if (body.size() == 0) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if ("basic".equals(config.authType())) {
            String token = Base64.getEncoder().encodeToString(
                    (config.username() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + token);
        } else if ("bearer".equals(config.authType())) {
            request.header("Authorization", "Bearer " + config.token());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting logs to " + target, e);
        }
        if (response.statusCode() / 100 != 2) {
            String text = response.body();
            throw new IOException("HTTP " + response.statusCode() + " from " + target + ": "
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
        }
        if (bulk && response.body().contains("\"errors\":true") && !itemErrorsLogged) {
            itemErrorsLogged = true;
            log.warn("Elasticsearch at {} rejected some documents; they are not retried (later rejections are not logged): {}",
                    target, response.body().length() > 300 ? response.body().substring(0, 300) : response.body());
        }
        body = new ByteArrayOutputStream();
    }

    @Override
    public void close() {
        body = new ByteArrayOutputStream();
    }
}
