package dev.oidchybrid.interop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects what the filter logs (it logs through {@code System.Logger}, which goes to java.util.logging, shared
 * by every app in this JVM), so a test can tell apart failures that show the same page to the user.
 */
final class FilterLog implements AutoCloseable {

    private static final String LOGGER = "dev.oidchybrid.filter";

    private final Logger logger = Logger.getLogger(LOGGER);
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    FilterLog() {
        logger.addHandler(handler);
    }

    /** The lines logged since this capture started. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean contains(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
