package dev.oidchybrid.dropin;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md "Adding it without rebuilding the WAR" shows operators what the drop-in tests do: the conf/web.xml
 * block, the WildFly module.xml and the jboss-cli operation (compared line by line, indentation aside).
 */
class ReadmeSnippetsIT {

    @Test
    void readmeWhenItShowsTheConfWebXmlBlockThenItIsTheTestedOne() throws IOException {
        assertShown(TomcatDropInIT.CONF_WEB_XML_FILTER);
    }

    @Test
    void readmeWhenItShowsTheWildFlyModuleThenItIsTheTestedOne() throws IOException {
        assertShown(WildFlyDropInIT.MODULE_XML);
    }

    @Test
    void readmeWhenItShowsTheGlobalModuleCommandThenItIsTheTestedOne() throws IOException {
        String operation = WildFlyDropInIT.GLOBAL_MODULE_CLI.lines().filter(line -> line.startsWith("/subsystem"))
                .findFirst().orElseThrow();
        assertTrue(readme().contains("--command='" + operation + "'"), operation);
    }

    @Test
    void readmeWhenItShowsTheWildFlyContainerAuthCommandThenItIsTheTestedOne() throws IOException {
        String operation = WildFlyDropInIT.CONTAINER_AUTH_CLI.lines().filter(line -> line.startsWith("/subsystem"))
                .findFirst().orElseThrow();
        assertTrue(readme().contains("--command='" + operation + "'"), operation);
    }

    @Test
    void readmeWhenItShowsTheJettyModulesThenTheyAreTheTestedOnes() throws IOException {
        String readme = readme();
        assertTrue(readme.contains("--add-modules=" + JettyDropInIT.MODULES), JettyDropInIT.MODULES);
        assertTrue(readme.contains("`[lib] lib/ee10-oidc/*.jar`") && JettyDropInIT.MODULE.contains("lib/ee10-oidc/*.jar"));
        assertTrue(readme.contains("`[environment] ee10`") && JettyDropInIT.MODULE.contains("[environment]\nee10"));
    }

    private static void assertShown(String snippet) throws IOException {
        String shown = stripIndent(readme());
        assertTrue(shown.contains(stripIndent(snippet)), "README.md does not show:\n" + snippet);
    }

    private static String readme() throws IOException {
        return Files.readString(Path.of(System.getProperty("dropin.readme")), StandardCharsets.UTF_8);
    }

    private static String stripIndent(String text) {
        return text.lines().map(String::strip).collect(Collectors.joining("\n"));
    }
}
