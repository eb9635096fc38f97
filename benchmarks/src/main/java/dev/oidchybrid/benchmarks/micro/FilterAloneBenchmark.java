package dev.oidchybrid.benchmarks.micro;

import dev.oidchybrid.benchmarks.RealisticSession;
import dev.oidchybrid.benchmarks.RealisticTokens;
import dev.oidchybrid.filter.internal.crypto.SealingScope;
import dev.oidchybrid.filter.internal.web.HttpSessionStore;
import dev.oidchybrid.filter.web.OidcHybridFilter;
import dev.oidchybrid.testkit.DevProvider;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;

/**
 * The filter alone, without a container: {@link #protectedRequest()} is a {@code GET /hello} with a logged-in
 * {@code http-session} session (session read, expiry and revocation checks, access rule, request attributes,
 * wrapper) passed on to a chain that reads the principal as the sample's servlet does; {@link #excludedRequest()}
 * the same on an excluded path ({@code /public/hello}), where the filter only routes. The requests, the session
 * and the context are {@link FakeContainer}'s plain maps, so the figures hold only the filter's own work, a few
 * hundred nanoseconds that the in-process request through Jetty ({@link FilterPassThroughBenchmark}) cannot
 * resolve; what the container's own {@code getSession} and {@code setAttribute} cost comes on top on a real one.
 */
@State(Scope.Benchmark)
public class FilterAloneBenchmark {

    private DevProvider provider;
    private OidcHybridFilter filter;
    private FakeContainer container;
    private FakeContainer.Request protectedRequest;
    private FakeContainer.Request excludedRequest;
    private FakeContainer.Response response;
    private Blackhole blackhole;
    private final FilterChain chain = (request, response) -> {
        Principal principal = ((jakarta.servlet.http.HttpServletRequest) request).getUserPrincipal();
        blackhole.consume(principal == null ? null : principal.getName());
    };

    @Setup(Level.Trial)
    public void start(Blackhole blackhole) throws Exception {
        this.blackhole = blackhole;
        provider = DevProvider.builder().build().start();
        container = new FakeContainer("");
        filter = new OidcHybridFilter();
        filter.init(container.filterConfig("oidc", Map.of(
                "issuer", provider.issuer(),
                "client-id", DevProvider.DEMO_CLIENT_ID,
                "client-secret", DevProvider.DEMO_CLIENT_SECRET,
                "exclude-paths", "/public/*, /api/*, /signed-out",
                "optional-paths", "/",
                "roles-claim", RealisticTokens.ROLES_CLAIM)));
        FakeContainer.Session session = container.newSession();
        session.setAttribute(HttpSessionStore.attributeName(new SealingScope(provider.issuer(),
                DevProvider.DEMO_CLIENT_ID, "")), RealisticSession.forClient(RealisticTokens.issue("RS256"),
                provider.issuer(), DevProvider.DEMO_CLIENT_ID));
        protectedRequest = container.request("GET", "/hello", session);
        excludedRequest = container.request("GET", "/public/hello", session);
        response = container.response();
        expect(protectedRequest, true);
        expect(excludedRequest, false);
    }

    @TearDown(Level.Trial)
    public void stop() {
        filter.destroy();
        provider.close();
    }

    @Benchmark
    public void protectedRequest() throws IOException, ServletException {
        protectedRequest.reset();
        filter.doFilter(protectedRequest, response, chain);
    }

    @Benchmark
    public void excludedRequest() throws IOException, ServletException {
        excludedRequest.reset();
        filter.doFilter(excludedRequest, response, chain);
    }

    /** The filter passes the request on, signed in through the filter or not at all, and writes no response. */
    private void expect(FakeContainer.Request request, boolean signedIn) throws IOException, ServletException {
        boolean[] seen = new boolean[2];
        request.reset();
        filter.doFilter(request, response, (req, res) -> {
            seen[0] = true;
            seen[1] = ((jakarta.servlet.http.HttpServletRequest) req).getUserPrincipal() != null;
        });
        if (!seen[0] || seen[1] != signedIn || response.status() != 200) {
            throw new IllegalStateException(request.getRequestURI() + ": passed on " + seen[0] + ", signed in "
                    + seen[1] + ", status " + response.status() + " (expected signed in " + signedIn + ")");
        }
        if (!container.unexpectedCalls().isEmpty()) {
            throw new IllegalStateException("the fake container lacks what the filter called: "
                    + container.unexpectedCalls());
        }
    }
}
