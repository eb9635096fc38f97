package dev.oidchybrid.testkit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many requests each endpoint of a {@link DevProvider} has received, so tests can assert caching and
 * retry behaviour (e.g. "discovery was fetched once", "the token endpoint was not called again").
 *
 * <p>Every request that reaches an endpoint counts, whatever its outcome (including injected faults and
 * errors). Thread-safe.
 */
public final class ProviderCounters {

    private final AtomicInteger discovery = new AtomicInteger();
    private final AtomicInteger jwks = new AtomicInteger();
    private final AtomicInteger authorize = new AtomicInteger();
    private final AtomicInteger token = new AtomicInteger();
    private final AtomicInteger userinfo = new AtomicInteger();
    private final AtomicInteger endSession = new AtomicInteger();
    private final AtomicInteger par = new AtomicInteger();

    ProviderCounters() {
    }

    /** Requests to {@code /.well-known/openid-configuration}. */
    public int discovery() {
        return discovery.get();
    }

    /** Requests to {@code /jwks}. */
    public int jwks() {
        return jwks.get();
    }

    /** Requests to {@code /authorize}, including login form submissions. */
    public int authorize() {
        return authorize.get();
    }

    /** Requests to {@code /token}. */
    public int token() {
        return token.get();
    }

    /** Requests to {@code /userinfo}. */
    public int userinfo() {
        return userinfo.get();
    }

    /** Requests to {@code /end_session}. */
    public int endSession() {
        return endSession.get();
    }

    /** Requests to {@code /par} (pushed authorization requests, RFC 9126). */
    public int par() {
        return par.get();
    }

    /** Sets every counter to zero. */
    public void reset() {
        discovery.set(0);
        jwks.set(0);
        authorize.set(0);
        token.set(0);
        userinfo.set(0);
        endSession.set(0);
        par.set(0);
    }

    void countDiscovery() {
        discovery.incrementAndGet();
    }

    void countJwks() {
        jwks.incrementAndGet();
    }

    void countAuthorize() {
        authorize.incrementAndGet();
    }

    void countToken() {
        token.incrementAndGet();
    }

    void countUserinfo() {
        userinfo.incrementAndGet();
    }

    void countPar() {
        par.incrementAndGet();
    }

    void countEndSession() {
        endSession.incrementAndGet();
    }

    @Override
    public String toString() {
        return "ProviderCounters[discovery=" + discovery() + ", jwks=" + jwks() + ", authorize=" + authorize()
                + ", token=" + token() + ", userinfo=" + userinfo() + ", endSession=" + endSession() + ", par=" + par() + "]";
    }
}
