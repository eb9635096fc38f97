package dev.oidchybrid.benchmarks;

/**
 * How long each part runs: {@code full} (the figures in BENCHMARKS.md, about seven and a half minutes) or
 * {@code quick} (the same figures, shorter and so noisier, about two minutes; its login warm-up is still long
 * enough for the JIT to finish with the login path). wrk's threads and connections can be changed with
 * {@code -Dbench.wrk.threads} and {@code -Dbench.wrk.connections}, the hot paths' number of rounds with
 * {@code -Dbench.hot.rounds} (more rounds, a steadier median on a noisy machine) and their length with
 * {@code -Dbench.hot.seconds} (shorter rounds follow a machine whose speed drifts more closely).
 *
 * @param jmhWarmups          JMH warm-up iterations of one second each
 * @param jmhIterations       JMH measured iterations of one second each
 * @param hotWarmupSeconds    wrk warm-up per path
 * @param hotRounds           measured rounds; each loads both paths, in alternating order (for each store)
 * @param hotSeconds          seconds of one path in one round
 * @param loginWarmupSeconds  logins and floor probes before measuring
 * @param loginRounds         measured rounds; each runs logins, then floor probes
 * @param loginSeconds        seconds of logins (and of floor probes) in one round
 * @param wrkThreads          wrk's {@code -t}
 * @param wrkConnections      wrk's {@code -c}
 */
record Settings(String mode, int jmhWarmups, int jmhIterations, int hotWarmupSeconds, int hotRounds, int hotSeconds,
                int loginWarmupSeconds, int loginRounds, int loginSeconds, int wrkThreads, int wrkConnections) {

    static Settings of(String mode) {
        int threads = Integer.getInteger("bench.wrk.threads", 2);
        int connections = Integer.getInteger("bench.wrk.connections", 32);
        return switch (mode) {
            case "full" -> new Settings(mode, 3, 5, 10, Integer.getInteger("bench.hot.rounds", 6),
                    Integer.getInteger("bench.hot.seconds", 8), 10, 4, 6,
                    threads, connections);
            case "quick" -> new Settings(mode, 1, 2, 3, Integer.getInteger("bench.hot.rounds", 2),
                    Integer.getInteger("bench.hot.seconds", 4), 6, 2, 3,
                    threads, connections);
            default -> throw new IllegalArgumentException("bench.mode is full or quick, not " + mode);
        };
    }
}
