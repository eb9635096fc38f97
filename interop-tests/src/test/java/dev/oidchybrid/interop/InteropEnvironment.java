package dev.oidchybrid.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the sample WAR, the node provider's sources, the work folder under {@code target/}, and the
 * browser binaries (all given by failsafe as system properties, see the pom). Fails with a message that names
 * what to install when a tool is missing.
 */
final class InteropEnvironment {

    private InteropEnvironment() {
    }

    static Path sampleWar() {
        Path war = Path.of(required("sample.war"));
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("sample WAR not found at " + war + ": run 'mvn install -DskipTests -pl "
                    + "sample-war -am' first, or run the whole reactor");
        }
        return war;
    }

    static Path nodeSources() {
        return Path.of(required("interop.node.dir"));
    }

    /** {@code target/interop}, created on first use. */
    static Path workDir() {
        Path dir = Path.of(System.getProperty("interop.work.dir", "target/interop")).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path chromium() {
        return executable("interop.chromium", "/usr/bin/chromium", "Debian package chromium");
    }

    static Path chromedriver() {
        return executable("interop.chromedriver", "/usr/bin/chromedriver", "Debian package chromium-driver");
    }

    private static Path executable(String property, String fallback, String installHint) {
        Path path = Path.of(System.getProperty(property, fallback));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: install the " + installHint
                    + " (apt-get install -y chromium chromium-driver), or skip these tests with -DskipInteropTests");
        }
        return path;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run the tests through "
                    + "Maven (failsafe sets it)");
        }
        return value;
    }
}
