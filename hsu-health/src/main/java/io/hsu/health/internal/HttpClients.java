package io.hsu.health.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One {@link HttpClient} per TLS setting, shared by every http probe: each client owns a selector
 * thread, so a client per probe would cost a thread per probe. A CA file is read when its client
 * is first needed; a changed file needs a restart of the JVM (the usual case for trust stores).
 */
final class HttpClients {
    private static final Map<Key, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private HttpClients() {}

    /** The client for these TLS settings; caFile may be null. */
    static HttpClient get(Path caFile, boolean insecure) throws IOException, GeneralSecurityException {
        Key key = new Key(caFile == null ? null : caFile.toAbsolutePath().normalize(), insecure);
        HttpClient client = CLIENTS.get(key);
        if (client == null) {
            HttpClient created = build(key);   // may throw: nothing is cached then
            client = CLIENTS.putIfAbsent(key, created);
            if (client == null) {
                client = created;
            }
        }
        return client;
    }

    private static HttpClient build(Key key) throws IOException, GeneralSecurityException {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(ProbeExecutors.checks());
        if (key.insecure) {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
            builder.sslContext(context);
        } else if (key.caFile != null) {
            builder.sslContext(sslContextTrusting(key.caFile));
        }
        return builder.build();
    }

    /** An SSL context that trusts the certificates in a PEM (or DER) file and nothing else. */
    static SSLContext sslContextTrusting(Path caFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + caFile);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), new SecureRandom());
        return context;
    }

    private static final class Key {
        final Path caFile;
        final boolean insecure;

        Key(Path caFile, boolean insecure) {
            this.caFile = caFile;
            this.insecure = insecure;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(caFile, k.caFile) && insecure == k.insecure;
        }

        @Override
        public int hashCode() {
            return Objects.hash(caFile, insecure);
        }
    }

    /**
     * Accepts any certificate and, being an extended trust manager that does no endpoint
     * identification, any host name: insecure_skip_verify.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
