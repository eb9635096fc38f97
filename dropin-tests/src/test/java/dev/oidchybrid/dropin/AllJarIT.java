package dev.oidchybrid.dropin;

import dev.oidchybrid.testkit.DevProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The self-contained jar (classifier {@code all}) adds nothing to a shared class path but the filter's own package:
 * its libraries are relocated (classes for every Java release, service files), the servlet and JCache APIs are not
 * in it, the filter's ServletContainerInitializer is registered under the servlet API's name, and
 * {@code java -jar} runs the self-check (here against the development provider).
 */
class AllJarIT {

    private static final String SHADED = "dev/oidchybrid/filter/shaded/";

    @Test
    void allJarWhenBuiltThenEveryClassIsUnderTheFiltersPackage() throws IOException {
        try (JarFile jar = allJar()) {
            List<String> foreign = jar.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class"))
                    .map(name -> name.replaceFirst("^META-INF/versions/\\d+/", ""))
                    .filter(name -> !name.startsWith("dev/oidchybrid/filter/")).toList();

            assertEquals(List.of(), foreign);
            assertTrue(jar.getEntry(SHADED + "org/glassfish/jersey/client/JerseyClientBuilder.class") != null);
            assertTrue(jar.getEntry(SHADED + "org/eclipse/yasson/YassonJsonb.class") != null);
            assertTrue(jar.getEntry(SHADED + "org/jose4j/jwt/consumer/JwtConsumer.class") != null);
            assertTrue(jar.getEntry(SHADED + "org/slf4j/nop/NOPServiceProvider.class") != null);
            assertTrue(jar.getEntry("META-INF/versions/16/" + SHADED
                    + "org/eclipse/yasson/internal/ClassMultiReleaseExtension.class") != null, "Yasson's records");
        }
    }

    @Test
    void allJarWhenBuiltThenItsServicesAreTheInitializerAndRelocatedOnes() throws IOException {
        try (JarFile jar = allJar()) {
            List<String> services = jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("META-INF/services/") && !name.endsWith("/"))
                    .map(name -> name.substring("META-INF/services/".length())).toList();

            assertTrue(services.contains("jakarta.servlet.ServletContainerInitializer"), services.toString());
            assertTrue(services.contains("dev.oidchybrid.filter.shaded.jakarta.ws.rs.client.ClientBuilder"),
                    services.toString());
            // besides the initializer only the CDI extension of the MicroProfile Health check (inert without CDI or
            // without the MicroProfile Health API)
            assertEquals(List.of("jakarta.enterprise.inject.spi.Extension", "jakarta.servlet.ServletContainerInitializer"),
                    services.stream().filter(name -> !name.startsWith("dev.oidchybrid.filter.shaded.")).sorted()
                            .toList());
        }
    }

    @Test
    void allJarWhenBuiltThenItsManifestNamesTheSelfCheckAndKeepsNewerJavaClasses() throws IOException {
        try (JarFile jar = allJar()) {
            Manifest manifest = jar.getManifest();

            assertEquals("dev.oidchybrid.filter.internal.selfcheck.SelfCheckMain",
                    manifest.getMainAttributes().getValue("Main-Class"));
            assertEquals("true", manifest.getMainAttributes().getValue("Multi-Release"));
        }
    }

    @Test
    void allJarWhenRunWithJavaJarThenTheSelfCheckPassesAgainstTheDevelopmentProvider() throws Exception {
        try (DevProvider provider = DevProvider.startDefault()) {
            Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", System.getProperty("dropin.all-jar"), "check", "--issuer", provider.issuer(),
                    "--client-id", DevProvider.DEMO_CLIENT_ID, "--client-secret", DevProvider.DEMO_CLIENT_SECRET,
                    "--probe-client").redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(check.waitFor(60, TimeUnit.SECONDS), output);

            assertEquals(0, check.exitValue(), output);
            assertTrue(output.contains(provider.issuer()), output);
        }
    }

    private static JarFile allJar() throws IOException {
        return new JarFile(Path.of(System.getProperty("dropin.all-jar")).toFile());
    }
}
