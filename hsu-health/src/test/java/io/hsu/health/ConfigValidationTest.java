package io.hsu.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the builders refuse, and how they say it. */
final class ConfigValidationTest {
    private static final TcpCheckConfig TCP = TcpCheckConfig.of("127.0.0.1", 8080);

    @Test
    void probeConfig_defaults_areKubernetes() {
        ProbeConfig c = ProbeConfig.of(TCP);
        assertThat(c.initialDelay()).isZero();
        assertThat(c.period()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.successThreshold()).isEqualTo(1);
        assertThat(c.failureThreshold()).isEqualTo(3);
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void probeConfig_rejectsBadValues() {
        ProbeConfig.Builder b = ProbeConfig.builder(TCP);
        assertThatThrownBy(() -> b.failureThreshold(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureThreshold must be >= 1, but was 0");
        assertThatThrownBy(() -> b.successThreshold(-1)).hasMessage("successThreshold must be >= 1, but was -1");
        assertThatThrownBy(() -> b.period(Duration.ZERO)).hasMessage("period must be > 0, but was PT0S");
        assertThatThrownBy(() -> b.timeout(Duration.ofSeconds(-1))).hasMessage("timeout must be > 0, but was PT-1S");
        assertThatThrownBy(() -> b.initialDelay(Duration.ofMillis(-5))).hasMessage("initialDelay must be >= 0, but was PT-0.005S");
        assertThatThrownBy(() -> ProbeConfig.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("check must not be null");
    }

    @Test
    void healthConfig_startupAndLiveness_needSuccessThresholdOne() {
        ProbeConfig twice = ProbeConfig.builder(TCP).successThreshold(2).build();
        assertThatThrownBy(() -> HealthConfig.builder().liveness(twice)).hasMessage("liveness.successThreshold must be 1, but was 2");
        assertThatThrownBy(() -> HealthConfig.builder().startup(twice)).hasMessage("startup.successThreshold must be 1, but was 2");
        assertThat(HealthConfig.builder().readiness(twice).build().readiness()).contains(twice);
        assertThat(HealthConfig.none().isEmpty()).isTrue();
    }

    @Test
    void checkConfigs_rejectBadValues() {
        assertThatThrownBy(() -> TcpCheckConfig.of("127.0.0.1", 0)).hasMessage("port must be in 1..65535, but was 0");
        assertThatThrownBy(() -> TcpCheckConfig.of(" ", 80)).hasMessage("host must not be blank");
        assertThatThrownBy(() -> HttpCheckConfig.builder("ftp://x/")).hasMessage("url must start with http:// or https://, but was 'ftp://x/'");
        assertThatThrownBy(() -> HttpCheckConfig.builder("http://")).hasMessageStartingWith("url is not a valid URL: 'http://'");
        assertThatThrownBy(() -> HttpCheckConfig.builder("http://h/").expectedStatus(300, 200))
                .hasMessage("expected status range must not be empty, but was 300..200");
        assertThatThrownBy(() -> HttpCheckConfig.builder("http://h/").method("GE T")).hasMessage("method must be a word such as GET, but was 'GE T'");
        assertThatThrownBy(() -> GrpcCheckConfig.of("localhost", "")).hasMessage("address must be host:port, but was 'localhost'");
        assertThatThrownBy(() -> GrpcCheckConfig.of("localhost:x", "")).hasMessage("address must be host:port, but the port of 'localhost:x' is not a number");
        assertThatThrownBy(() -> ExecCheckConfig.of("")).hasMessage("command must not be blank");
        assertThatThrownBy(() -> FileCheckConfig.exists(Path.of("/x")).withMaxAge(Duration.ZERO)).hasMessage("maxAge must be positive, but was PT0S");
        assertThatThrownBy(() -> new CompositeCheckConfig(CompositeCheckConfig.Mode.ALL, List.of())).hasMessage("checks must not be empty");
    }

    @Test
    void checkConfigs_describeThemselves() {
        assertThat(TCP.describe()).isEqualTo("tcp 127.0.0.1:8080");
        assertThat(TcpCheckConfig.of("::1", 80).describe()).isEqualTo("tcp [::1]:80");
        assertThat(HttpCheckConfig.builder("http://127.0.0.1:8080/health").method("head").build().describe())
                .isEqualTo("http HEAD http://127.0.0.1:8080/health");
        assertThat(GrpcCheckConfig.of("[::1]:50051", "echo").describe()).isEqualTo("grpc [::1]:50051 service 'echo'");
        assertThat(GrpcCheckConfig.of("127.0.0.1:50051", "").describe()).isEqualTo("grpc 127.0.0.1:50051");
        assertThat(ExecCheckConfig.of("/bin/check", "-q").describe()).isEqualTo("exec /bin/check -q");
        assertThat(CompositeCheckConfig.anyOf(TCP, ProcessCheckConfig.worker()).describe()).isEqualTo("composite any of 2");
        assertThat(FileCheckConfig.exists(Path.of("/run/hb")).withContains("a.b")).isEqualTo(FileCheckConfig.exists(Path.of("/run/hb")).withContains("a.b"));
    }
}
