package dev.oidchybrid.filter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of docs/ARCHITECTURE.md, read off the main sources: which packages may see servlet and Jersey types,
 * the floors of the internal packages (each imports only packages below it), the public API, and file sizes.
 */
class ArchitectureTest {

    private static final Path ROOT = Path.of("src/main/java/dev/oidchybrid/filter");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+);", Pattern.MULTILINE);
    private static final String BASE = "dev.oidchybrid.filter.";

    /** The internal packages, lowest floor first: a package may import only the ones before it. */
    private static final List<String> FLOORS = List.of("internal", "internal.observe", "internal.crypto", "internal.config",
            "internal.http", "internal.discovery", "internal.token", "internal.cluster", "internal.flow",
            "internal.session", "internal.selfcheck", "internal.health", "internal.web");

    /** The public API: what users import. Everything else is under {@code internal}. */
    private static final Set<String> API = Set.of("web/OidcHybridFilter.java", "web/OidcAttributes.java",
            "session/OidcPrincipal.java", "client/BearerTokenClientFilter.java", "client/OidcAccessTokens.java",
            "web/OidcSessions.java",
            "client/OidcAuthorization.java", "client/StepUpRequiredException.java",
            "health/OidcReadinessCheck.java", "health/OidcHealthExtension.java");

    private static List<Source> sources;

    private record Source(String path, String pkg, List<String> imports, long lines) {
    }

    @BeforeAll
    static void read() throws IOException {
        assertTrue(Files.isDirectory(ROOT), "run from the filter module: " + ROOT.toAbsolutePath());
        try (Stream<Path> files = Files.walk(ROOT)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(ArchitectureTest::source).toList();
        }
        assertTrue(sources.size() > 50, "the main sources were found");
    }

    private static Source source(Path file) {
        try {
            String text = Files.readString(file);
            String path = ROOT.relativize(file).toString().replace('\\', '/');
            String pkg = path.contains("/") ? path.substring(0, path.lastIndexOf('/')).replace('/', '.') : "";
            List<String> imports = new ArrayList<>();
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                imports.add(m.group(1));
            }
            return new Source(path, pkg, imports, text.lines().count());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> offenders(java.util.function.Predicate<Source> allowed, String... prefixes) {
        Set<String> found = new TreeSet<>();
        for (Source source : sources) {
            if (allowed.test(source)) {
                continue;
            }
            for (String imported : source.imports()) {
                for (String prefix : prefixes) {
                    if (imported.startsWith(prefix)) {
                        found.add(source.path() + " imports " + imported);
                    }
                }
            }
        }
        return found;
    }

    @Test
    void servletTypesOnlyInTheWebAndClientPackages() {
        assertEquals(Set.of(), offenders(s -> s.pkg().equals("web") || s.pkg().equals("client")
                || s.pkg().equals("internal.web"), "jakarta.servlet."));
    }

    @Test
    void jerseyOnlyInTheHttpPackageTheClientClassesAndTheClientApi() {
        assertEquals(Set.of(), offenders(s -> s.pkg().equals("internal.http") || s.pkg().equals("client")
                || s.path().endsWith("Client.java"), "jakarta.ws.rs.", "org.glassfish."));
    }

    @Test
    void optionalLibrariesOnlyInTheClassesLoadedAfterTheirCheck() {
        assertEquals(Set.of(), offenders(s -> s.path().equals("internal/observe/MicrometerMetrics.java"),
                "io.micrometer."));
        assertEquals(Set.of(), offenders(s -> s.path().equals("internal/observe/OpenTelemetryTracing.java"),
                "io.opentelemetry."));
    }

    @Test
    void internalPackagesImportOnlyLowerFloors() {
        Set<String> upward = new TreeSet<>();
        for (Source source : sources) {
            int floor = FLOORS.indexOf(source.pkg());
            if (floor < 0) {
                continue;
            }
            for (String imported : source.imports()) {
                if (!imported.startsWith(BASE + "internal")) {
                    continue;
                }
                String pkg = imported.substring(BASE.length(), imported.lastIndexOf('.'));
                while (!FLOORS.contains(pkg) && pkg.contains(".")) {
                    pkg = pkg.substring(0, pkg.lastIndexOf('.')); // a nested type: Outer.Inner
                }
                int target = FLOORS.indexOf(pkg);
                if (target < 0 || target > floor) {
                    upward.add(source.path() + " imports " + imported);
                }
            }
        }
        assertEquals(Set.of(), upward);
    }

    @Test
    void everyPackageIsOnAFloorOrPartOfThePublicApi() {
        Set<String> unplaced = new TreeSet<>();
        for (Source source : sources) {
            if (!FLOORS.contains(source.pkg()) && !API.contains(source.path())) {
                unplaced.add(source.path());
            }
        }
        assertEquals(Set.of(), unplaced, "outside internal only the public API: " + API);
    }

    @Test
    void onlyTheCompositionRootAndTheApiReachIntoTheWebLayer() {
        assertEquals(Set.of(), offenders(s -> s.pkg().equals("internal.web") || s.pkg().equals("web"),
                BASE + "internal.web."));
    }

    @Test
    void noMainSourceFileOver300Lines() {
        Map<String, Long> large = new java.util.TreeMap<>();
        sources.stream().filter(s -> s.lines() > 300).forEach(s -> large.put(s.path(), s.lines()));
        assertEquals(Map.of(), large);
    }

    @Test
    void theRulesThemselvesCatchAViolation() {
        Source servletInSession = new Source("internal/session/X.java", "internal.session",
                List.of("jakarta.servlet.http.HttpServletRequest", BASE + "internal.web.Cookies"), 10);
        List<Source> kept = sources;
        try {
            sources = List.of(servletInSession);
            assertFalse(offenders(s -> s.pkg().equals("internal.web"), "jakarta.servlet.").isEmpty());
            assertFalse(offenders(s -> s.pkg().equals("internal.web"), BASE + "internal.web.").isEmpty());
        } finally {
            sources = kept;
        }
    }
}
