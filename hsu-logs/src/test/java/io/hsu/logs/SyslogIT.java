package io.hsu.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hsu.core.WorkerId;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syslog forwarding received by a real rsyslogd (Debian package rsyslog) started with its own config. */
@Tag("process")
final class SyslogIT {
    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    private static final WorkerId WEB = WorkerId.of("web-1");

    @TempDir
    Path dir;

    private Process rsyslogd;
    private int udpPort;
    private int tcpPort;
    private Path socket;
    private Path received;

    @BeforeEach
    void startRsyslog() throws Exception {
        if (!Files.isExecutable(RSYSLOGD)) {
            System.out.println("SyslogIT skipped: " + RSYSLOGD + " is absent (apt-get install rsyslog)");
            Assumptions.abort(RSYSLOGD + " is absent");
        }
        try (DatagramSocket u = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             ServerSocket t = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            udpPort = u.getLocalPort();
            tcpPort = t.getLocalPort();
        }
        socket = dir.resolve("log.sock");
        received = dir.resolve("received.log");
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, String.join("\n",
                "global(workDirectory=\"" + dir + "\")",
                "module(load=\"imudp\")",
                "module(load=\"imtcp\")",
                "module(load=\"imuxsock\" SysSock.Use=\"off\")",
                "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udpPort + "\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tcpPort + "\")",
                "input(type=\"imuxsock\" Socket=\"" + socket + "\")",
                "template(name=\"t\" type=\"string\" string=\"%programname%|%procid%|%msgid%|%syslogseverity-text%|%syslogfacility-text%|%msg%\\n\")",
                "*.* action(type=\"omfile\" file=\"" + received + "\" template=\"t\")", ""));
        rsyslogd = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            assertThat(rsyslogd.isAlive()).as(() -> "rsyslogd exited: " + read(dir.resolve("rsyslogd.out"))).isTrue();
            try (Socket s = new Socket("127.0.0.1", tcpPort)) {
                return s.isConnected() && Files.exists(socket);
            }
        });
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** rsyslog's lines, with the space that the local socket format leaves before the message removed. */
    private List<String> receivedLines() throws IOException {
        if (!Files.exists(received)) {
            return List.of();
        }
        return Files.readAllLines(received).stream().map(l -> {
            int i = -1;
            for (int k = 0; k < 5; k++) {
                i = l.indexOf('|', i + 1);
            }
            return l.substring(0, i + 1) + l.substring(i + 1).stripLeading();
        }).toList();
    }

    @AfterEach
    void stopRsyslog() throws InterruptedException {
        if (rsyslogd != null) {
            rsyslogd.destroy();
            if (!rsyslogd.waitFor(10, TimeUnit.SECONDS)) {
                rsyslogd.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void udpTcpAndLocalSocket_receivedByRsyslog() throws Exception {
        List<OutputConfig> outputs = List.of(
                OutputConfig.builder(OutputType.SYSLOG).address("udp://127.0.0.1:" + udpPort).facility("local0").build(),
                OutputConfig.builder(OutputType.SYSLOG).address("tcp://127.0.0.1:" + tcpPort).facility("local1").build(),
                OutputConfig.builder(OutputType.SYSLOG).address("unix://" + socket).facility("local2").build());
        LogCollectionConfig config = LogCollectionConfig.builder().workerDirectory(dir)
                .defaultWorker(WorkerLogConfig.builder().forwarding(outputs).build()).build();
        try (LogPipeline logs = LogPipeline.start(config)) {
            LogInput out = logs.input(WEB, LogStream.STDOUT);
            out.processStarted(4242);
            byte[] text = "hello from web-1\nlevel=warn msg=\"disk at 91%\"\n".getBytes(StandardCharsets.UTF_8);
            out.write(text, 0, text.length);
            LogInput err = logs.input(WEB, LogStream.STDERR);
            err.processStarted(4242);
            byte[] oops = "caf\u00e9 crashed\n".getBytes(StandardCharsets.UTF_8);
            err.write(oops, 0, oops.length);
            assertThat(logs.awaitWritten(Duration.ofSeconds(10))).isTrue();
            assertThat(logs.outputStats()).allSatisfy(s -> assertThat(s.failing()).isFalse());
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(receivedLines()).containsExactlyInAnyOrder(
                "web-1|4242|stdout|info|local0|hello from web-1",
                "web-1|4242|stdout|warning|local0|level=warn msg=\"disk at 91%\"",
                "web-1|4242|stderr|err|local0|caf\u00e9 crashed",
                "web-1|4242|stdout|info|local1|hello from web-1",
                "web-1|4242|stdout|warning|local1|level=warn msg=\"disk at 91%\"",
                "web-1|4242|stderr|err|local1|caf\u00e9 crashed",
                "web-1|4242|-|info|local2|hello from web-1",
                "web-1|4242|-|warning|local2|level=warn msg=\"disk at 91%\"",
                "web-1|4242|-|err|local2|caf\u00e9 crashed"));
    }
}
