package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.cluster.LocalRevocations;
import dev.oidchybrid.filter.internal.cluster.RevocationCheck;
import dev.oidchybrid.filter.internal.cluster.Revocations;
import dev.oidchybrid.filter.internal.observe.Telemetry;
import dev.oidchybrid.filter.internal.token.LogoutTokenValidator.LogoutRequest;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.web.OidcSessions;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How an application finds its {@link OidcSessions}: published by each filter instance in session mode at
 * {@code init()} under its filter name, withdrawn at {@code destroy()}, and a clear exception when the choice is
 * absent or ambiguous.
 */
class OidcSessionsLookupTest {

    private static final String ISSUER = "https://op.example.com";

    @RegisterExtension
    static final DevProviderFixture op = DevProviderFixture.defaults();

    /** A servlet context that holds attributes, as every container's does. */
    private static ServletContext context() {
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        return (ServletContext) Proxy.newProxyInstance(OidcSessionsLookupTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getAttributeNames" -> Collections.enumeration(attributes.keySet());
                    case "getContextPath" -> "/app";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static FilterConfig filterConfig(String name, ServletContext context, Map<String, String> params) {
        return (FilterConfig) Proxy.newProxyInstance(OidcSessionsLookupTest.class.getClassLoader(),
                new Class<?>[] {FilterConfig.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getFilterName" -> name;
                    case "getServletContext" -> context;
                    case "getInitParameter" -> params.get((String) args[0]);
                    case "getInitParameterNames" -> Collections.enumeration(params.keySet());
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static Revocations revocations() {
        return new LocalRevocations(Clock.systemUTC(), Duration.ofHours(24), 10);
    }

    @Test
    void ofWhenNoFilterInSessionModeStartedThenIllegalStateSayingSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OidcSessions.of(context()));
        assertTrue(e.getMessage().contains("no OIDC filter in session mode has started"), e.getMessage());
    }

    @Test
    void ofWhenTwoFiltersStartedThenIllegalStateNamingThemAndEachFoundByName() {
        ServletContext context = context();
        AppRevocations main = AppRevocations.publish(context, "oidc", ISSUER, revocations(), Telemetry.NONE);
        AppRevocations admin = AppRevocations.publish(context, "oidc-admin", ISSUER, revocations(), Telemetry.NONE);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OidcSessions.of(context));
        assertTrue(e.getMessage().contains("[oidc, oidc-admin]") && e.getMessage().contains("filterName"),
                e.getMessage());
        assertSame(main, OidcSessions.of(context, "oidc"));
        assertSame(admin, OidcSessions.of(context, "oidc-admin"));
    }

    @Test
    void ofByNameWhenNoSuchFilterThenIllegalStateListingTheStartedOnes() {
        ServletContext context = context();
        AppRevocations.publish(context, "oidc", ISSUER, revocations(), Telemetry.NONE);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OidcSessions.of(context, "oidc-admin"));
        assertTrue(e.getMessage().contains("'oidc-admin'") && e.getMessage().contains("[oidc]"), e.getMessage());
    }

    @Test
    void withdrawWhenARestartedFilterReplacedItThenTheNewOneStays() {
        ServletContext context = context();
        AppRevocations old = AppRevocations.publish(context, "oidc", ISSUER, revocations(), Telemetry.NONE);
        AppRevocations restarted = AppRevocations.publish(context, "oidc", ISSUER, revocations(), Telemetry.NONE);
        old.withdraw(context);
        assertSame(restarted, OidcSessions.of(context));
        restarted.withdraw(context);
        assertThrows(IllegalStateException.class, () -> OidcSessions.of(context));
    }

    @Test
    void filterWhenStartedInSessionModeThenPublishedWithItsIssuerAndWithdrawnAtDestroy() throws Exception {
        ServletContext context = context();
        OidcFilterCore filter = new OidcFilterCore(op.environment()::get, Clock.systemUTC(), new SecureRandom());
        filter.init(filterConfig("oidc", context, Map.of()));
        OidcSessions sessions = OidcSessions.of(context);
        assertEquals("oidc", sessions.filterName());
        assertEquals(op.issuer(), sessions.issuer());
        filter.destroy();
        assertNull(context.getAttribute(OidcSessions.ATTRIBUTE_PREFIX + "oidc"));
    }

    @Test
    void filterWhenStartedInBearerModeThenNothingPublished() throws Exception {
        ServletContext context = context();
        OidcFilterCore filter = new OidcFilterCore(op.environment()::get, Clock.systemUTC(), new SecureRandom());
        filter.init(filterConfig("oidc-api", context, Map.of("mode", "bearer", "audience", "appointments:api")));
        try {
            assertThrows(IllegalStateException.class, () -> OidcSessions.of(context), "bearer mode keeps no sessions");
        } finally {
            filter.destroy();
        }
    }

    @Test
    void revokeWhenSubjectOrSidEmptyThenIllegalArgument() {
        AppRevocations sessions = new AppRevocations("oidc", ISSUER, revocations(), Telemetry.NONE);
        assertThrows(IllegalArgumentException.class, () -> sessions.revokeSubject(null));
        assertThrows(IllegalArgumentException.class, () -> sessions.revokeSubject(""));
        assertThrows(IllegalArgumentException.class, () -> sessions.revokeSid(null));
        assertThrows(IllegalArgumentException.class, () -> sessions.revokeSid(""));
    }

    @Test
    void revokeWhenTheSharedStateIsUnavailableThenIllegalStateSoTheAppKnowsNothingWasRevoked() {
        Revocations down = new Revocations() {
            @Override
            public void record(LogoutRequest logout) {
                throw OidcException.unavailable("the session store (JCache) is unavailable", 5, null);
            }

            @Override
            public void revokeSession(String sessionId) {
                record(null);
            }

            @Override
            public void revokeSubject(String issuer, String subject) {
                record(null);
            }

            @Override
            public void revokeSid(String issuer, String sid) {
                record(null);
            }

            @Override
            public boolean isLoggedOut(RevocationCheck session) {
                return false;
            }
        };
        AppRevocations sessions = new AppRevocations("oidc", ISSUER, down, Telemetry.NONE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sessions.revokeSubject("alice"));
        assertTrue(e.getMessage().contains("nothing was revoked"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> sessions.revokeSid("sid-1"));
    }

    @Test
    void revokeSubjectWhenCalledThenTheSubjectOfTheFiltersIssuerIsRevoked() {
        MutableClock clock = MutableClock.at(1_800_000_000L);
        Revocations revocations = new LocalRevocations(clock, Duration.ofHours(24), 10);
        Instant loggedIn = clock.instant();
        clock.advance(Duration.ofSeconds(5));
        new AppRevocations("oidc", ISSUER, revocations, Telemetry.NONE).revokeSubject("alice");
        assertTrue(revocations.isLoggedOut(new RevocationCheck(ISSUER, "alice", null, loggedIn, "id-1")));
        assertEquals(false, revocations.isLoggedOut(new RevocationCheck("https://other.example.com", "alice", null,
                loggedIn, "id-2")), "a subject of another issuer is someone else");
    }
}
