package io.hsu.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version line: {@code hsu 0.1.0 (Java 17.0.15, Linux amd64)}. */
final class HsuVersion implements IVersionProvider {
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = HsuVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return properties.getProperty("version", "unknown");
    }

    static String line() {
        return "hsu " + version() + " (Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + ")";
    }

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }
}
