package dev.oidchybrid.benchmarks;

import dev.oidchybrid.testkit.ProviderCounters;

/** A snapshot of the development provider's request counters, to count the calls made during a run. */
record ProviderCalls(int discovery, int jwks, int authorize, int token, int userinfo, int endSession, int par) {

    /** No calls. */
    static final ProviderCalls NONE = new ProviderCalls(0, 0, 0, 0, 0, 0, 0);

    static ProviderCalls of(ProviderCounters counters) {
        return new ProviderCalls(counters.discovery(), counters.jwks(), counters.authorize(), counters.token(),
                counters.userinfo(), counters.endSession(), counters.par());
    }

    /** The calls made since {@code before}. */
    ProviderCalls since(ProviderCalls before) {
        return new ProviderCalls(discovery - before.discovery, jwks - before.jwks, authorize - before.authorize,
                token - before.token, userinfo - before.userinfo, endSession - before.endSession, par - before.par);
    }

    ProviderCalls plus(ProviderCalls other) {
        return new ProviderCalls(discovery + other.discovery, jwks + other.jwks, authorize + other.authorize,
                token + other.token, userinfo + other.userinfo, endSession + other.endSession, par + other.par);
    }

    int total() {
        return discovery + jwks + authorize + token + userinfo + endSession + par;
    }

    @Override
    public String toString() {
        return "discovery " + discovery + ", jwks " + jwks + ", authorize " + authorize + ", token " + token
                + ", userinfo " + userinfo + ", end_session " + endSession + ", par " + par;
    }
}
