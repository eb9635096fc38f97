package dev.oidchybrid.it;

import dev.oidchybrid.testkit.DevProvider;
import org.jboss.arquillian.container.spi.event.container.BeforeStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * For a container that runs in its own JVM (WildFly, through the managed adapter): the filter there cannot see
 * the system properties the test kit sets in the test JVM, and that JVM's system properties are fixed when it
 * starts, once for all test classes. So every class's provider listens on one fixed port (the system property
 * {@value ItOidc#PORT_PROPERTY}, which the WildFly execution in pom.xml reserves), and before the container starts,
 * this writes the filter's settings for that issuer ({@code oidc.issuer}, {@code oidc.client-id},
 * {@code oidc.client-secret}, {@code oidc.roles-claim}, {@code oidc.scope}) to the properties file named by the
 * system property {@value #FILE_PROPERTY}, which the container's start command loads as system properties
 * (arquillian.xml). A file, not {@code -D} arguments: the adapter logs its command line into the test output.
 * (WildFly itself still lists every system property, this secret included, in its server.log at boot: category
 * {@code org.jboss.as.config} logs at DEBUG in the stock standalone.xml. The demo secret is public; a real
 * deployment there should use {@code OIDC_CLIENT_SECRET}.)
 *
 * <p>Inert unless {@value #FILE_PROPERTY} is set (only the WildFly execution in pom.xml sets it): the embedded
 * containers share the test JVM and its system properties. Registered in
 * {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public final class ServerJvmProviderSettings implements LoadableExtension {

    /** System property: the path of the properties file to write. */
    static final String FILE_PROPERTY = "it.server-jvm.properties";

    @Override
    public void register(ExtensionBuilder builder) {
        if (System.getProperty(FILE_PROPERTY) != null) {
            builder.observer(SettingsFile.class);
        }
    }

    /** Writes the file before the container starts. */
    public static final class SettingsFile {

        public void beforeStart(@Observes BeforeStart event) {
            Integer port = Integer.getInteger(ItOidc.PORT_PROPERTY);
            if (port == null || port == 0) {
                throw new IllegalStateException("a container in its own JVM needs the provider on a fixed port: "
                        + "set the system property " + ItOidc.PORT_PROPERTY);
            }
            Properties settings = new Properties();
            settings.setProperty("oidc.issuer", "http://127.0.0.1:" + port);
            settings.setProperty("oidc.client-id", DevProvider.DEMO_CLIENT_ID);
            settings.setProperty("oidc.client-secret", DevProvider.DEMO_CLIENT_SECRET);
            settings.setProperty("oidc.roles-claim", DevProvider.ROLES_CLAIM);
            settings.setProperty("oidc.scope", ItOidc.SCOPE);
            Path file = Path.of(System.getProperty(FILE_PROPERTY));
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.deleteIfExists(file);
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    settings.store(out, "the development provider of this test run, for the filter in the server JVM");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + file, e);
            }
            WildFlyConfiguration.write(Path.of(System.getProperty(WildFlyConfiguration.HOME_PROPERTY)));
        }
    }
}
