package dev.oidchybrid.filter.internal.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code shared-state} choices: where back-channel-logout revocations, refresh locks, refresh results
 * and used login states live.
 */
public enum SharedStateKind {
    /** This node's memory: right for a single node, or sticky sessions without back-channel logout. */
    LOCAL("local"),
    /** The JCache cluster: every node sees every revocation, lock and used state. */
    JCACHE("jcache");

    private final String paramValue;

    SharedStateKind(String paramValue) {
        this.paramValue = paramValue;
    }

    public String paramValue() {
        return paramValue;
    }

    public static Optional<SharedStateKind> parse(String value) {
        return Arrays.stream(values()).filter(k -> k.paramValue.equals(value)).findFirst();
    }
}
