package dev.oidchybrid.benchmarks.micro;

import dev.oidchybrid.benchmarks.RealisticSession;
import dev.oidchybrid.benchmarks.BenchmarkSecrets;
import dev.oidchybrid.filter.internal.flow.PendingLogin;
import dev.oidchybrid.filter.internal.flow.PendingLoginSealer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The login-state cookie: sealed at each login start, unsealed at each callback (JWE dir + A256GCM). */
@State(Scope.Benchmark)
public class PendingLoginSealBenchmark {

    private PendingLoginSealer sealer;
    private PendingLogin login;
    private String sealed;

    @Setup
    public void setUp() {
        sealer = new PendingLoginSealer(List.of(BenchmarkSecrets.COOKIE_KEY), RealisticSession.SEALING_SCOPE);
        login = new PendingLogin("Zq8Kc3vTn1Lr6Xw0Ys4Pd9Mb2Hf7Ga5JeUoQiRtEyWl", "n-0S6_WzA2Mj4Qh1Zx8yFv3PrcKd7Ty9LbEq5mRuGsH",
                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "/appointments?week=47", Instant.now(),
                "https://app.example.com/shop/callback");
        sealed = sealer.seal(login);
    }

    @Benchmark
    public String seal() {
        return sealer.seal(login);
    }

    @Benchmark
    public Optional<PendingLogin> unseal() {
        return sealer.unseal(sealed);
    }
}
