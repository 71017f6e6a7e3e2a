package io.hsu.logs.internal;

import io.hsu.logs.LogLevel;
import io.hsu.logs.LogRecord;
import io.hsu.logs.LogStream;
import io.hsu.logs.OutputConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Locale;

/**
 * Syslog output. UDP and TCP carry RFC 5424 messages
 * ({@code <PRI>1 TIMESTAMP HOST WORKER PID stdout - MESSAGE}); TCP frames them with octet counting
 * (RFC 6587), which rsyslog's imtcp accepts. The local socket ({@code unix:///dev/log}) carries the
 * traditional local format ({@code <PRI>Mmm dd hh:mm:ss WORKER[PID]: MESSAGE}), which is what
 * rsyslog's imuxsock and journald parse on that socket. The severity comes from the detected level;
 * without one, stdout is info and stderr is err. UDP messages are cut at 60000 bytes.
 */
final class SyslogSink implements Sink {
    private static final int MAX_UDP = 60_000;
    private static final DateTimeFormatter LOCAL_TIME = new DateTimeFormatterBuilder()
            .appendPattern("MMM ppd HH:mm:ss").toFormatter(Locale.ROOT).withZone(ZoneId.systemDefault());

    private final OutputConfig config;
    private final String host;
    private final String scheme;
    private DatagramChannel udp;
    private Socket tcp;
    private OutputStream tcpOut;
    private UnixDatagram unix;

    SyslogSink(OutputConfig config, String host) {
        this.config = config;
        this.host = host.isEmpty() ? "-" : host.replace(' ', '_');
        this.scheme = config.address().getScheme();
    }

    @Override
    public void write(LogBatch batch) throws IOException {
        List<LogRecord> records = batch.records != null ? batch.records : batch.decode();
        for (LogRecord r : records) {
            send(r);
        }
        if (tcpOut != null) {
            tcpOut.flush();
        }
    }

    private void send(LogRecord r) throws IOException {
        int pri = config.facility() * 8 + severity(r);
        switch (scheme) {
            case "udp": {
                byte[] m = rfc5424(r, pri).getBytes(StandardCharsets.UTF_8);
                if (udp == null) {
                    udp = DatagramChannel.open();
                    udp.connect(new InetSocketAddress(config.address().getHost(), config.address().getPort()));
                }
                udp.write(ByteBuffer.wrap(m, 0, Math.min(m.length, MAX_UDP)));
                break;
            }
            case "tcp": {
                byte[] m = rfc5424(r, pri).getBytes(StandardCharsets.UTF_8);
                if (tcp == null) {
                    tcp = new Socket();
                    try {
                        tcp.connect(new InetSocketAddress(config.address().getHost(), config.address().getPort()), 5000);
                        tcp.setSoTimeout(10_000);
                    } catch (IOException e) {
                        closeTcp();
                        throw e;
                    }
                    tcpOut = new java.io.BufferedOutputStream(tcp.getOutputStream(), 64 * 1024);
                }
                try {
                    tcpOut.write((m.length + " ").getBytes(StandardCharsets.US_ASCII));
                    tcpOut.write(m);
                } catch (IOException e) {
                    closeTcp();
                    throw e;
                }
                break;
            }
            default: {
                byte[] m = local(r, pri).getBytes(StandardCharsets.UTF_8);
                if (unix == null) {
                    unix = new UnixDatagram(config.address().getPath());
                }
                unix.send(m, m.length);
            }
        }
    }

    String rfc5424(LogRecord r, int pri) {
        StringBuilder b = new StringBuilder(r.message().length() + 96);
        b.append('<').append(pri).append(">1 ").append(DateTimeFormatter.ISO_INSTANT.format(r.time())).append(' ')
                .append(host).append(' ').append(r.worker().value()).append(' ')
                .append(r.pid() > 0 ? Long.toString(r.pid()) : "-").append(' ').append(r.stream().label())
                .append(" - ").append(r.message());
        return b.toString();
    }

    String local(LogRecord r, int pri) {
        return "<" + pri + ">" + LOCAL_TIME.format(r.time()) + " " + r.worker().value()
                + (r.pid() > 0 ? "[" + r.pid() + "]" : "") + ": " + r.message();
    }

    static int severity(LogRecord r) {
        if (r.level().isEmpty()) {
            return r.stream() == LogStream.STDERR ? 3 : 6;
        }
        LogLevel l = r.level().get();
        switch (l) {
            case TRACE: case DEBUG: return 7;
            case INFO: return 6;
            case WARN: return 4;
            case ERROR: return 3;
            default: return 2;
        }
    }

    private void closeTcp() {
        try {
            if (tcp != null) {
                tcp.close();
            }
        } catch (IOException e) {
            // already broken
        }
        tcp = null;
        tcpOut = null;
    }

    @Override
    public void close() {
        closeTcp();
        if (udp != null) {
            try {
                udp.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
        if (unix != null) {
            unix.close();
        }
    }
}
