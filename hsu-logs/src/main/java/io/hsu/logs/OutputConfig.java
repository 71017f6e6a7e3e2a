package io.hsu.logs;

import io.hsu.core.internal.Checks;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One output of the log pipeline ({@code <output>} in the YAML). Immutable and thread-safe; build
 * with {@link #builder(OutputType)}.
 *
 * <p>Per type: {@code file} needs {@link #path()} (a template: {@code {worker_id}}, {@code {stream}},
 * {@code {date}}); {@code syslog} needs {@link #address()} ({@code udp://host:port},
 * {@code tcp://host:port} or {@code unix:///dev/log}); {@code http} and {@code elasticsearch} need
 * {@link #url()} (for Elasticsearch the base URL; {@code /_bulk} is appended).
 */
public final class OutputConfig {
    /** Default queue bound per output. */
    public static final long DEFAULT_QUEUE_BYTES = 8L << 20;

    private final OutputType type;
    private final String path;
    private final LogFormat format;
    private final String prefix;
    private final RotationConfig rotation;
    private final OverflowPolicy overflow;
    private final long queueBytes;
    private final URI address;
    private final int facility;
    private final URI url;
    private final String index;
    private final String authType;
    private final String username;
    private final String password;
    private final String token;

    private OutputConfig(Builder b) {
        type = b.type;
        path = b.path;
        format = b.format;
        prefix = b.prefix;
        rotation = b.rotation;
        overflow = b.overflow != null ? b.overflow : b.type.defaultOverflow();
        queueBytes = b.queueBytes;
        address = b.address;
        facility = b.facility;
        url = b.url;
        index = b.index;
        authType = b.authType;
        username = b.username;
        password = b.password;
        token = b.token;
    }

    public static Builder builder(OutputType type) {
        return new Builder(type);
    }

    /** A rotating file output with the default rotation. */
    public static OutputConfig file(String pathTemplate) {
        return builder(OutputType.FILE).path(pathTemplate).build();
    }

    /** The master's stdout with a {@code worker | } prefix. */
    public static OutputConfig masterStdout() {
        return builder(OutputType.MASTER_STDOUT).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(type);
        b.path = path;
        b.format = format;
        b.prefix = prefix;
        b.rotation = rotation;
        b.overflow = overflow;
        b.queueBytes = queueBytes;
        b.address = address;
        b.facility = facility;
        b.url = url;
        b.index = index;
        b.authType = authType;
        b.username = username;
        b.password = password;
        b.token = token;
        return b;
    }

    public OutputType type() { return type; }
    /** The path template of a file output; null for other types. */
    public String path() { return path; }
    public LogFormat format() { return format; }
    /** Written before each plain line (with a space); empty for none. */
    public String prefix() { return prefix; }
    public RotationConfig rotation() { return rotation; }
    public OverflowPolicy overflow() { return overflow; }
    public long queueBytes() { return queueBytes; }
    /** The syslog address; null for other types. */
    public URI address() { return address; }
    /** The syslog facility number (local0 = 16). */
    public int facility() { return facility; }
    /** The HTTP or Elasticsearch URL; null for other types. */
    public URI url() { return url; }
    /** The Elasticsearch index template ({@code {date}} expands to yyyy.MM.dd). */
    public String index() { return index; }
    /** none, basic or bearer. */
    public String authType() { return authType; }
    public String username() { return username; }
    public String password() { return password; }
    public String token() { return token; }

    /** A short name for stats, events and log messages; never contains a password. */
    public String describe() {
        switch (type) {
            case FILE: return "file:" + path;
            case SYSLOG: return "syslog:" + address;
            case HTTP: return "http:" + url;
            case ELASTICSEARCH: return "elasticsearch:" + url;
            default: return type.name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return "OutputConfig[" + describe() + ", " + format + ", " + overflow + "]";
    }

    /** Not thread-safe; reusable after build(). */
    public static final class Builder {
        private final OutputType type;
        private String path;
        private LogFormat format = LogFormat.PLAIN;
        private String prefix = "";
        private RotationConfig rotation = RotationConfig.DEFAULTS;
        private OverflowPolicy overflow;
        private long queueBytes = DEFAULT_QUEUE_BYTES;
        private URI address;
        private int facility = 16;
        private URI url;
        private String index = "hsu-{date}";
        private String authType = "none";
        private String username = "";
        private String password = "";
        private String token = "";

        private Builder(OutputType type) {
            this.type = Checks.notNull(type, "type");
        }

        public Builder path(String template) {
            Checks.argument(template != null && !template.isBlank(), "path must not be empty");
            this.path = template;
            return this;
        }

        public Builder format(LogFormat format) {
            this.format = Checks.notNull(format, "format");
            return this;
        }

        public Builder prefix(String prefix) {
            this.prefix = Checks.notNull(prefix, "prefix");
            return this;
        }

        public Builder rotation(RotationConfig rotation) {
            this.rotation = Checks.notNull(rotation, "rotation");
            return this;
        }

        public Builder overflow(OverflowPolicy overflow) {
            this.overflow = Checks.notNull(overflow, "overflow");
            return this;
        }

        public Builder queueBytes(long bytes) {
            Checks.argument(bytes >= 4096, "queueBytes must be >= 4096, but was %d", bytes);
            this.queueBytes = bytes;
            return this;
        }

        /** @throws IllegalArgumentException unless the scheme is udp, tcp (with host and port) or unix (with a path) */
        public Builder address(String address) {
            Checks.notNull(address, "address");
            URI uri;
            try {
                uri = URI.create(address);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("address '" + address + "' is not a URI like udp://127.0.0.1:514");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            if (scheme.equals("unix")) {
                Checks.argument(uri.getPath() != null && !uri.getPath().isEmpty(),
                        "address '%s' must name a socket path, like unix:///dev/log", address);
            } else {
                Checks.argument(scheme.equals("udp") || scheme.equals("tcp"),
                        "address '%s' must start with udp://, tcp:// or unix://", address);
                Checks.argument(uri.getHost() != null && uri.getPort() > 0,
                        "address '%s' must have a host and a port, like %s://127.0.0.1:514", address, scheme);
            }
            this.address = uri;
            return this;
        }

        /** @throws IllegalArgumentException for an unknown facility name */
        public Builder facility(String name) {
            this.facility = Facilities.number(name);
            return this;
        }

        /** @throws IllegalArgumentException unless an http or https URL */
        public Builder url(String url) {
            Checks.notNull(url, "url");
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("url '" + url + "' is not a URL like http://127.0.0.1:9200");
            }
            Checks.argument("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()),
                    "url '%s' must start with http:// or https://", url);
            this.url = uri;
            return this;
        }

        public Builder index(String index) {
            Checks.argument(index != null && !index.isBlank(), "index must not be empty");
            this.index = index;
            return this;
        }

        public Builder basicAuth(String username, String password) {
            this.authType = "basic";
            this.username = Objects.requireNonNull(username, "username must not be null");
            this.password = Objects.requireNonNull(password, "password must not be null");
            return this;
        }

        public Builder bearerAuth(String token) {
            this.authType = "bearer";
            this.token = Objects.requireNonNull(token, "token must not be null");
            return this;
        }

        /** @throws IllegalStateException if a setting the type needs is missing */
        public OutputConfig build() {
            switch (type) {
                case FILE:
                    Checks.state(path != null, "a file output needs a path");
                    break;
                case SYSLOG:
                    Checks.state(address != null, "a syslog output needs config.address");
                    break;
                case HTTP:
                case ELASTICSEARCH:
                    Checks.state(url != null, "an %s output needs config.url", type.name().toLowerCase(Locale.ROOT));
                    break;
                default:
                    break;
            }
            return new OutputConfig(this);
        }
    }

    /** Syslog facility names (RFC 5424 section 6.2.1). */
    static final class Facilities {
        private static final String[] NAMES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"};

        private Facilities() {
        }

        static int number(String name) {
            Checks.notNull(name, "facility");
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equalsIgnoreCase(name)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("facility must be one of " + String.join(", ", NAMES) + ", but was '" + name + "'");
        }
    }
}
