package io.hsu.health;

import io.hsu.core.internal.Checks;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP or HTTPS check: healthy when the answer's status is in {@link #expectedStatusMin()} to
 * {@link #expectedStatusMax()} (2xx by default) and, if set, the body contains
 * {@link #bodyContains()}. HTTPS verifies the server against the JDK's trust store, or against the
 * certificates in {@link #caFile()}; {@link #insecureSkipVerify()} (off by default) accepts any
 * certificate and host name. Redirects are followed.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder(URI)}.
 */
public final class HttpCheckConfig implements CheckConfig {
    private final URI url;
    private final String method;
    private final Map<String, String> headers;
    private final int expectedStatusMin;
    private final int expectedStatusMax;
    private final Optional<String> bodyContains;
    private final Optional<Path> caFile;
    private final boolean insecureSkipVerify;

    private HttpCheckConfig(Builder b) {
        this.url = b.url;
        this.method = b.method;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.expectedStatusMin = b.expectedStatusMin;
        this.expectedStatusMax = b.expectedStatusMax;
        this.bodyContains = Optional.ofNullable(b.bodyContains).filter(s -> !s.isEmpty());
        this.caFile = Optional.ofNullable(b.caFile);
        this.insecureSkipVerify = b.insecureSkipVerify;
    }

    /**
     * A builder for a check of {@code url}.
     *
     * @throws IllegalArgumentException if the URL is not absolute http or https with a host
     */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** Same as {@code builder(URI.create(url))}; an unparseable URL is an IllegalArgumentException. */
    public static Builder builder(String url) {
        Checks.notNull(url, "url");
        try {
            return new Builder(new URI(url));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URL: '" + url + "' (" + e.getReason() + ")", e);
        }
    }

    public Builder toBuilder() {
        Builder b = new Builder(url);
        b.method = method;
        b.headers.putAll(headers);
        b.expectedStatusMin = expectedStatusMin;
        b.expectedStatusMax = expectedStatusMax;
        b.bodyContains = bodyContains.orElse(null);
        b.caFile = caFile.orElse(null);
        b.insecureSkipVerify = insecureSkipVerify;
        return b;
    }

    @Override
    public String type() {
        return "http";
    }

    @Override
    public String describe() {
        return "http " + method + " " + url;
    }

    public URI url() {
        return url;
    }

    /** The request method, upper case; GET by default. */
    public String method() {
        return method;
    }

    /** Request headers, in the order given. */
    public Map<String, String> headers() {
        return headers;
    }

    public int expectedStatusMin() {
        return expectedStatusMin;
    }

    public int expectedStatusMax() {
        return expectedStatusMax;
    }

    /** Text the body must contain to be healthy; empty when the body is not read. */
    public Optional<String> bodyContains() {
        return bodyContains;
    }

    /** PEM file of the CA certificates that HTTPS trusts instead of the JDK's trust store. */
    public Optional<Path> caFile() {
        return caFile;
    }

    /** Whether HTTPS accepts any certificate and host name; false by default. */
    public boolean insecureSkipVerify() {
        return insecureSkipVerify;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpCheckConfig c && url.equals(c.url) && method.equals(c.method) && headers.equals(c.headers)
                && expectedStatusMin == c.expectedStatusMin && expectedStatusMax == c.expectedStatusMax
                && bodyContains.equals(c.bodyContains) && caFile.equals(c.caFile) && insecureSkipVerify == c.insecureSkipVerify;
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, method, headers, expectedStatusMin, expectedStatusMax, bodyContains, caFile, insecureSkipVerify);
    }

    @Override
    public String toString() {
        return "HttpCheckConfig[" + describe() + ", expected " + expectedStatusMin + ".." + expectedStatusMax + "]";
    }

    /** Builds an {@link HttpCheckConfig}; not thread-safe. */
    public static final class Builder {
        private final URI url;
        private String method = "GET";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int expectedStatusMin = 200;
        private int expectedStatusMax = 299;
        private String bodyContains;
        private Path caFile;
        private boolean insecureSkipVerify;

        private Builder(URI url) {
            Checks.notNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            Checks.argument(scheme.equals("http") || scheme.equals("https"),
                    "url must start with http:// or https://, but was '%s'", url);
            Checks.argument(url.getHost() != null && !url.getHost().isEmpty(), "url must name a host, but was '%s'", url);
            this.url = url;
        }

        /** The request method, such as GET or HEAD; a token of letters. */
        public Builder method(String method) {
            Checks.notNull(method, "method");
            Checks.argument(method.matches("[A-Za-z]+"), "method must be a word such as GET, but was '%s'", method);
            this.method = method.toUpperCase(Locale.ROOT);
            return this;
        }

        public Builder header(String name, String value) {
            Checks.notNull(name, "header name");
            Checks.notNull(value, "header value");
            Checks.argument(name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"), "header name '%s' is not a valid HTTP token", name);
            headers.put(name, value);
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            headers.forEach(this::header);
            return this;
        }

        /** Healthy statuses, inclusive: {@code expectedStatus(200, 299)} is the default. */
        public Builder expectedStatus(int min, int max) {
            Checks.argument(min >= 100 && min <= 599, "expected status must be in 100..599, but was %s", min);
            Checks.argument(max >= 100 && max <= 599, "expected status must be in 100..599, but was %s", max);
            Checks.argument(min <= max, "expected status range must not be empty, but was %s..%s", min, max);
            this.expectedStatusMin = min;
            this.expectedStatusMax = max;
            return this;
        }

        /** Text the body must contain; null or empty to not read the body. */
        public Builder bodyContains(String text) {
            this.bodyContains = text;
            return this;
        }

        /** PEM file of CA certificates to trust for HTTPS, instead of the JDK's; null for the default. */
        public Builder caFile(Path caFile) {
            this.caFile = caFile;
            return this;
        }

        /** Accept any certificate and host name (testing only). */
        public Builder insecureSkipVerify(boolean insecure) {
            this.insecureSkipVerify = insecure;
            return this;
        }

        public HttpCheckConfig build() {
            return new HttpCheckConfig(this);
        }
    }
}
