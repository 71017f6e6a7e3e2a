package io.hsu.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.hsu.health.HttpCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.ProbeTarget;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS with a self-signed certificate made by keytool for 127.0.0.1: trusted through a custom CA
 * file, refused by the default trust store, accepted by insecure_skip_verify.
 */
@Tag("process")
final class HttpsProbeIT {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static Path caFile;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        Path keystore = dir.resolve("server.p12");
        caFile = dir.resolve("ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit"));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", caFile.toString()));

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    private static ProbeResult check(HttpCheckConfig config) throws InterruptedException {
        try (Probe probe = Probe.of(config, ProbeTarget.NONE)) {
            return probe.check(Duration.ofSeconds(10));
        }
    }

    @Test
    void aCustomCa_trustsTheServer() throws Exception {
        String url = "https://127.0.0.1:" + port + "/health";

        assertThat(check(HttpCheckConfig.builder(url).caFile(caFile).build()))
                .isEqualTo(ProbeResult.healthy("http GET " + url + ": HTTP 200"));
    }

    @Test
    void theDefaultTrustStore_refusesASelfSignedCertificate() throws Exception {
        String url = "https://127.0.0.1:" + port + "/health";

        ProbeResult r = check(HttpCheckConfig.builder(url).build());

        assertThat(r.healthy()).isFalse();
        assertThat(r.message()).startsWith("http GET " + url + ": TLS failed: ");
    }

    @Test
    void aCustomCa_stillChecksTheHostName_butInsecureSkipVerifyDoesNot() throws Exception {
        String url = "https://localhost:" + port + "/health";   // the certificate names only 127.0.0.1

        ProbeResult verified = check(HttpCheckConfig.builder(url).caFile(caFile).build());
        ProbeResult insecure = check(HttpCheckConfig.builder(url).insecureSkipVerify(true).build());

        assertThat(verified.healthy()).isFalse();
        assertThat(verified.message()).startsWith("http GET " + url + ": TLS failed: ");
        assertThat(insecure).isEqualTo(ProbeResult.healthy("http GET " + url + ": HTTP 200"));
    }
}
