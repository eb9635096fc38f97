package dev.oidchybrid.filter.internal.config;

import java.util.Arrays;
import java.util.Optional;

/** The {@code session-store} choices: where logged-in sessions live between requests. */
public enum SessionStoreKind {
    /** The container's {@code HttpSession}: its replication or persistence carries sessions across nodes. */
    HTTP_SESSION("http-session"),
    /** Sealed in chunked cookies: no server state at all. */
    COOKIE("cookie"),
    /** A JCache (JSR-107) cluster; the browser holds only a random handle. */
    JCACHE("jcache");

    private final String paramValue;

    SessionStoreKind(String paramValue) {
        this.paramValue = paramValue;
    }

    public String paramValue() {
        return paramValue;
    }

    public static Optional<SessionStoreKind> parse(String value) {
        return Arrays.stream(values()).filter(k -> k.paramValue.equals(value)).findFirst();
    }
}
