package dev.oidchybrid.benchmarks;

/** Fixed secrets of the benchmark set-ups (loopback only, never a real deployment's). */
public final class BenchmarkSecrets {

    /** The {@code cookie-keys} of every filter the benchmarks start (at least 32 characters). */
    public static final String COOKIE_KEY = "benchmark-cookie-key-0123456789abcdef";

    private BenchmarkSecrets() {
    }
}
