package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.DevProviderFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.text.MessageFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's start-up lines read as written: their placeholders filled, their apostrophes kept. */
class StartupWarningsTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();

    @Test
    void startWithoutBaseUrlThenOneReadableWarningNamingWhatToSet() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getParameters() == null ? record.getMessage()
                        : MessageFormat.format(record.getMessage(), record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.oidchybrid.filter");
        logger.addHandler(handler);
        try (FilterHarness app = new FilterHarness(Map.of(), provider.environment())) {
            String warning = lines.stream().filter(l -> l.startsWith("base-url is not set")).findFirst()
                    .orElseThrow(() -> new AssertionError("no base-url warning in " + lines));
            assertTrue(warning.contains("each request's Host header; set base-url to the application's external URL"),
                    warning);
        } finally {
            logger.removeHandler(handler);
        }
    }
}
