package dev.oidchybrid.filter.example;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md "Testing your application" shows {@link AdminPageTest} as it is, from its imports on. */
class ReadmeExampleTest {

    @Test
    void readmeWhenItShowsTheTestKitExampleThenItIsTheTestedClassVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/oidchybrid/filter/example/AdminPageTest.java"),
                StandardCharsets.UTF_8);
        String shown = source.substring(source.indexOf("import "));
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);

        assertTrue(readme.contains("```java\n" + shown + "```\n"),
                "README.md must show AdminPageTest.java from its first import on, in a java block:\n" + shown);
    }
}
