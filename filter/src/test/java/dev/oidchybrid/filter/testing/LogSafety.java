package dev.oidchybrid.filter.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures every log record of the test JVM at every level (the filter logs through System.Logger, which
 * lands in java.util.logging) and, after each test class, fails if any record contains a secret the tests
 * saw on the wire: tokens, codes, states, nonces, cookie values, passwords, client secrets. Registered for all
 * test classes through JUnit's extension auto-detection.
 *
 * <p>Records of the test harness's own HTTP machinery are not the product's and are left out: the JDK
 * HttpClient the scripted browser uses and the JDK HttpServer under the development provider log whole URLs
 * at debug level.
 */
public final class LogSafety implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> HARNESS_LOGGERS = List.of("jdk.internal.httpclient", "jdk.httpclient",
            "com.sun.net.httpserver", "sun.net.");
    private static final Queue<String> RECORDS = new ConcurrentLinkedQueue<>();
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static volatile boolean installed;

    /** Remembers a value that must never be logged (values shorter than 8 characters are ignored). */
    public static void secret(String value) {
        if (value == null || value.length() < 8) {
            return;
        }
        SECRETS.add(value);
        String[] jwt = value.split("\\.");
        if (jwt.length >= 3) {
            for (int i = 1; i < jwt.length; i++) {
                if (jwt[i].length() >= 16) {
                    SECRETS.add(jwt[i]);
                }
            }
        }
    }

    /** Everything logged so far by the running test class (for tests of logging itself). */
    public static List<String> records() {
        return new ArrayList<>(RECORDS);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // each class's records are checked once, at its end, then dropped: kept for the whole run, every class
        // would scan all records of the classes before it against all secrets (the run slowed to ~12 s a class)
        List<String> checked = new ArrayList<>();
        for (String record = RECORDS.poll(); record != null; record = RECORDS.poll()) {
            checked.add(record);
        }
        List<String> leaks = new ArrayList<>();
        for (String record : checked) {
            for (String secret : SECRETS) {
                if (record.contains(secret)) {
                    leaks.add(record);
                    break;
                }
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("log records contain secrets seen on the wire: " + leaks);
        }
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        Logger root = Logger.getLogger("");
        root.setLevel(Level.ALL);
        for (Handler handler : root.getHandlers()) {
            if (handler.getLevel() == Level.ALL) {
                handler.setLevel(Level.INFO);
            }
        }
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String logger = String.valueOf(record.getLoggerName());
                if (HARNESS_LOGGERS.stream().anyMatch(logger::startsWith)) {
                    return;
                }
                StringBuilder text = new StringBuilder(record.getLoggerName() + " " + record.getLevel() + " ");
                String message = record.getMessage();
                Object[] params = record.getParameters();
                try {
                    text.append(params == null || message == null ? message : MessageFormat.format(message, params));
                } catch (IllegalArgumentException e) {
                    text.append(message);
                }
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    text.append(" | ").append(t);
                }
                RECORDS.add(text.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        installed = true;
    }
}
