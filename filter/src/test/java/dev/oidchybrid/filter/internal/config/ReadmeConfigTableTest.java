package dev.oidchybrid.filter.internal.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's configuration table documents exactly the parameters of {@link InitParam}, with their defaults:
 * adding a parameter without documenting it (or documenting one that does not exist) fails the build.
 */
class ReadmeConfigTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z\\-]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

    @Test
    void readmeConfigTableMatchesInitParams() throws IOException {
        Path readme = Path.of("..", "README.md");
        assertTrue(Files.exists(readme), "README.md at the project root");
        String text = Files.readString(readme);
        int start = text.indexOf("<!-- config-table:start -->");
        int end = text.indexOf("<!-- config-table:end -->");
        assertTrue(start >= 0 && end > start, "README has the config-table markers");
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(text.substring(start, end));
        while (row.find()) {
            documented.put(row.group(1), row.group(2).trim());
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (InitParam param : InitParam.values()) {
            expected.put(param.paramName(), param.defaultValue() == null ? "" : "`" + param.defaultValue() + "`");
        }
        assertEquals(expected, documented, "README configuration table (name and default, in enum order); "
                + "regenerate it with ReadmeConfigTableTest#table()");
    }

    /** The table as it belongs in the README. */
    static String table() {
        StringBuilder out = new StringBuilder("| parameter | default | meaning |\n|---|---|---|\n");
        for (InitParam param : InitParam.values()) {
            out.append("| `").append(param.paramName()).append("` | ")
                    .append(param.defaultValue() == null ? "" : "`" + param.defaultValue() + "`").append(" | ")
                    .append(param.description()).append(" |\n");
        }
        return out.toString();
    }

    public static void main(String[] args) {
        System.out.print(table());
    }
}
