package io.hsu.master.internal;

import io.hsu.master.config.HealthCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Runs one health check and says whether it passed, with a short detail. Blocking; callers run it
 * on a blocking executor. A stand-in for hsu-health's probes until that module is wired in: the
 * grpc check connects over TCP only (no grpc.health.v1 call yet).
 */
final class HealthChecks {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** A check result. */
    record Result(boolean passed, String detail) {
    }

    private HealthChecks() {
    }

    static Result run(HealthCheck check, Duration timeout, IntSupplier pid, IntSupplier port) {
        try {
            if (check instanceof HealthCheck.Http http) {
                HttpRequest request = HttpRequest.newBuilder(http.url()).timeout(timeout)
                        .method(http.method(), HttpRequest.BodyPublishers.noBody()).build();
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status < http.minStatus() || status > http.maxStatus()) {
                    return new Result(false, "HTTP " + status + " from " + http.url());
                }
                if (!http.bodyContains().isEmpty() && !response.body().contains(http.bodyContains())) {
                    return new Result(false, "HTTP " + status + " body lacks '" + http.bodyContains() + "'");
                }
                return new Result(true, "HTTP " + status);
            }
            if (check instanceof HealthCheck.Tcp tcp) {
                return connect(tcp.host(), tcp.port(), timeout);
            }
            if (check instanceof HealthCheck.Grpc grpc) {
                int p = grpc.port() == 0 ? port.getAsInt() : grpc.port();
                return connect(grpc.host(), p, timeout);
            }
            if (check instanceof HealthCheck.Exec exec) {
                List<String> command = new ArrayList<>();
                command.add(exec.command().toString());
                command.addAll(exec.args());
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor();
                    return new Result(false, exec.command() + " timed out after " + timeout.toMillis() + "ms");
                }
                int code = process.exitValue();
                return new Result(code == 0, exec.command() + " exited " + code);
            }
            if (check instanceof HealthCheck.ProcessAlive) {
                int p = pid.getAsInt();
                boolean alive = p > 0 && ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
                return new Result(alive, alive ? "pid " + p + " alive" : "no process");
            }
            if (check instanceof HealthCheck.File file) {
                if (!Files.exists(file.path())) {
                    return new Result(false, file.path() + " does not exist");
                }
                if (file.maxAge().isPresent()) {
                    FileTime modified = Files.getLastModifiedTime(file.path());
                    Duration age = Duration.between(modified.toInstant(), Instant.now());
                    if (age.compareTo(file.maxAge().get()) > 0) {
                        return new Result(false, file.path() + " is " + age.toSeconds() + "s old");
                    }
                }
                if (!file.contains().isEmpty() && !Files.readString(file.path(), StandardCharsets.UTF_8).contains(file.contains())) {
                    return new Result(false, file.path() + " lacks '" + file.contains() + "'");
                }
                return new Result(true, file.path() + " ok");
            }
            if (check instanceof HealthCheck.Composite composite) {
                List<String> details = new ArrayList<>();
                int passed = 0;
                for (HealthCheck part : composite.checks()) {
                    Result r = run(part, timeout, pid, port);
                    details.add(r.detail());
                    passed += r.passed() ? 1 : 0;
                }
                boolean ok = composite.all() ? passed == composite.checks().size() : passed > 0;
                return new Result(ok, String.join("; ", details));
            }
            return new Result(false, "unknown check " + check.type());
        } catch (IOException e) {
            return new Result(false, check.type() + " check failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        } catch (RuntimeException e) {
            return new Result(false, check.type() + " check failed: " + e);
        }
    }

    private static Result connect(String host, int port, Duration timeout) throws IOException {
        if (port <= 0) {
            return new Result(false, "no port yet");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return new Result(true, "connected to " + host + ":" + port);
        }
    }
}
