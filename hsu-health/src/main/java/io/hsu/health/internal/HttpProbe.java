package io.hsu.health.internal;

import io.hsu.health.HttpCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Sends one request and checks the status and, when asked, the start of the body. The whole
 * exchange, body included, is bounded by the timeout; at most {@link #MAX_BODY} bytes are read.
 */
final class HttpProbe implements Probe {
    static final int MAX_BODY = 64 * 1024;

    private final HttpCheckConfig config;

    HttpProbe(HttpCheckConfig config) {
        this.config = config;
    }

    @Override
    public ProbeResult check(Duration timeout) throws InterruptedException {
        HttpClient client;
        try {
            client = HttpClients.get(config.caFile().orElse(null), config.insecureSkipVerify());
        } catch (IOException | GeneralSecurityException e) {
            return ProbeResult.unhealthy(describe() + ": cannot load the CA file " + config.caFile().orElseThrow() + ": "
                    + Messages.reason(e));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
                .timeout(timeout)
                .method(config.method(), HttpRequest.BodyPublishers.noBody());
        config.headers().forEach(request::header);
        int limit = config.bodyContains().isPresent() ? MAX_BODY : 0;
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(request.build(), info -> new BoundedBody(limit));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return ProbeResult.unhealthy(Messages.noAnswer(describe(), timeout));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            return ProbeResult.unhealthy(describe() + ": " + failure(e.getCause(), timeout));
        }
        int status = response.statusCode();
        if (status < config.expectedStatusMin() || status > config.expectedStatusMax()) {
            return ProbeResult.unhealthy(describe() + ": HTTP " + status + " (expected " + config.expectedStatusMin()
                    + ".." + config.expectedStatusMax() + ")");
        }
        if (config.bodyContains().isPresent()) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            if (!body.contains(config.bodyContains().get())) {
                return ProbeResult.unhealthy(describe() + ": HTTP " + status + " but the body does not contain '"
                        + config.bodyContains().get() + "'");
            }
        }
        return ProbeResult.healthy(describe() + ": HTTP " + status);
    }

    private static String failure(Throwable cause, Duration timeout) {
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + io.hsu.core.Durations.format(timeout);
        }
        if (cause instanceof ConnectException) {
            return "cannot connect: " + Messages.reason(cause);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return "TLS failed: " + Messages.reason(t);
            }
        }
        return Messages.reason(cause);
    }

    @Override
    public String describe() {
        return config.describe();
    }

    /** Keeps the first {@code limit} bytes of the body, then stops reading (which closes the connection). */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (limit == 0) {
                s.cancel();
                body.complete(new byte[0]);
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                int n = Math.min(b.remaining(), limit - bytes.size());
                byte[] chunk = new byte[n];
                b.get(chunk);
                bytes.write(chunk, 0, n);
            }
            if (bytes.size() >= limit && !body.isDone()) {
                subscription.cancel();
                body.complete(bytes.toByteArray());
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
