package dev.oidchybrid.dropin;

import dev.oidchybrid.dropin.legacy.WhoAmIServlet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * An existing, packaged WAR that knows nothing of the filter: the classes of the {@code legacy} package (a servlet
 * and the application's own filter, compiled against the servlet API only) and a web.xml that declares them. No
 * filter jar, no OIDC settings. A variant also bundles its own JAX-RS client and JSON-B (Jersey, Yasson) in
 * WEB-INF/lib, with a servlet that uses them at {@code /jaxrs}.
 */
final class LegacyWar {

    static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                     version="6.0">
              <display-name>A legacy application</display-name>
              <filter>
                <filter-name>audit</filter-name>
                <filter-class>dev.oidchybrid.dropin.legacy.AuditFilter</filter-class>
              </filter>
              <filter-mapping>
                <filter-name>audit</filter-name>
                <url-pattern>/*</url-pattern>
              </filter-mapping>
              <servlet>
                <servlet-name>whoami</servlet-name>
                <servlet-class>dev.oidchybrid.dropin.legacy.WhoAmIServlet</servlet-class>
              </servlet>
              <servlet-mapping>
                <servlet-name>whoami</servlet-name>
                <url-pattern>/</url-pattern>
              </servlet-mapping>
            %s</web-app>
            """;

    private static final String JAX_RS_SERVLET = """
              <servlet>
                <servlet-name>jaxrs</servlet-name>
                <servlet-class>dev.oidchybrid.dropin.legacy.JaxRsServlet</servlet-class>
              </servlet>
              <servlet-mapping>
                <servlet-name>jaxrs</servlet-name>
                <url-pattern>/jaxrs</url-pattern>
              </servlet-mapping>
            """;

    private LegacyWar() {
    }

    /** Writes the plain WAR to {@code war} and returns it. */
    static Path write(Path war) {
        return write(war, List.of());
    }

    /**
     * Writes the WAR to {@code war} and returns it; with {@code libraries} (jars for WEB-INF/lib), the variant that
     * bundles them and maps {@code /jaxrs}.
     */
    static Path write(Path war, List<Path> libraries) {
        boolean jaxRs = !libraries.isEmpty();
        return pack(war, WEB_XML.formatted(jaxRs ? JAX_RS_SERVLET : ""), List.of(WhoAmIServlet.class),
                name -> jaxRs || !name.startsWith("JaxRs"), libraries);
    }

    /**
     * Writes a WAR: {@code webXml}, the classes of each anchor's package (not its subpackages) whose file name
     * {@code include} accepts, and {@code libraries} in WEB-INF/lib.
     */
    static Path pack(Path war, String webXml, List<Class<?>> packages, java.util.function.Predicate<String> include,
                     List<Path> libraries) {
        try {
            Files.createDirectories(war.getParent());
            try (OutputStream file = Files.newOutputStream(war); JarOutputStream out = new JarOutputStream(file)) {
                add(out, "WEB-INF/web.xml", webXml.getBytes(StandardCharsets.UTF_8));
                for (Class<?> anchor : packages) {
                    Path classes = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
                    String packageDir = anchor.getPackageName().replace('.', '/');
                    List<Path> classFiles;
                    try (Stream<Path> files = Files.list(classes.resolve(packageDir))) {
                        classFiles = files.filter(f -> f.toString().endsWith(".class"))
                                .filter(f -> include.test(f.getFileName().toString())).sorted().toList();
                    }
                    for (Path classFile : classFiles) {
                        add(out, "WEB-INF/classes/" + packageDir + "/" + classFile.getFileName(),
                                Files.readAllBytes(classFile));
                    }
                }
                for (Path library : libraries) {
                    add(out, "WEB-INF/lib/" + library.getFileName(), Files.readAllBytes(library));
                }
            }
            return war;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + war, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }
}
