package dev.oidchybrid.benchmarks.micro;

import dev.oidchybrid.filter.internal.session.LoadedSession;

import dev.oidchybrid.benchmarks.BenchmarkSecrets;
import dev.oidchybrid.benchmarks.RealisticSession;
import dev.oidchybrid.benchmarks.RealisticTokens;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.internal.session.SessionCodec;
import dev.oidchybrid.filter.internal.session.SessionFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The session of the {@code cookie} and {@code jcache} stores: {@link #unseal()} runs on every request of the
 * cookie store, {@link #seal()} at login, refresh and every two minutes of activity. Auth0-sized tokens.
 */
@State(Scope.Benchmark)
public class SessionCodecBenchmark {

    private SessionCodec codec;
    private OidcSession session;
    private Instant now;
    private String sealed;

    @Setup
    public void setUp() {
        session = RealisticSession.of(RealisticTokens.issue("RS256"));
        codec = new SessionCodec(SessionCodec.sealer(List.of(BenchmarkSecrets.COOKIE_KEY), RealisticSession.SEALING_SCOPE),
                RealisticSession.SEALING_SCOPE,
                new SessionFactory(RealisticSession.config().provider(), new RandomTokens(new SecureRandom())));
        now = Instant.now();
        sealed = codec.seal(session, now);
    }

    @Benchmark
    public String seal() {
        return codec.seal(session, now);
    }

    @Benchmark
    public Optional<LoadedSession> unseal() {
        return codec.unseal(sealed);
    }
}
