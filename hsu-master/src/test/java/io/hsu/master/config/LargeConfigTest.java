package io.hsu.master.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.config.YamlOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 10 000-worker config validates; the time (one cold load) is printed for BENCHMARK.md, not asserted. */
final class LargeConfigTest {
    static final int WORKERS = 10_000;

    @TempDir
    Path dir;

    static String generate(int count) {
        StringBuilder yaml = new StringBuilder("master: { force_shutdown_timeout: 30s }\nworkers:\n");
        for (int i = 0; i < count; i++) {
            yaml.append("  - id: w").append(i).append('\n')
                    .append("    type: managed\n");
            if (i > 0) {
                yaml.append("    depends_on: [ { worker: w").append(i - 1).append(", condition: started } ]\n");
            }
            yaml.append("    unit: { managed: { metadata: { name: w").append(i)
                    .append(" }, control: { execution: { executable_path: /bin/sleep, args: ['60'] }, restart_policy: always },")
                    .append(" health_check: { type: tcp, tcp: { address: 127.0.0.1, port: ").append(1024 + i % 60000).append(" } } } }\n");
        }
        return yaml.toString();
    }

    @Test
    void tenThousandWorkers_validate() throws IOException {
        Path file = dir.resolve("large.yaml");
        Files.writeString(file, generate(WORKERS));
        long start = System.nanoTime();
        HsuConfig config = HsuConfig.load(file, YamlOptions.ofDefaults());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("validated " + WORKERS + " workers (" + Files.size(file) + " bytes) in " + millis + " ms");
        assertThat(config.workers()).hasSize(WORKERS);
    }
}
