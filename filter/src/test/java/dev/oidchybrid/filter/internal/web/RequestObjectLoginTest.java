package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.TestClientKeys;
import dev.oidchybrid.testkit.ClientRegistration;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed request objects (RFC 9101, {@code request-object=signed}) end to end against the development provider,
 * which requires them of every client and verifies each with the client's registered key: a login through the
 * browser's URL and one through a pushed request; a plain request refused by the provider; a provider that cannot
 * take them fails closed; a configuration without a key does not start.
 */
class RequestObjectLoginTest {

    private static final String CLIENT = "jar-client";
    private static final KeyPair KEY = TestClientKeys.ecKey();

    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().requireSignedRequestObjects(true)
            .client(ClientRegistration.privateKeyJwt(CLIENT, TestClientKeys.publicJwks(KEY),
                    List.of("http://127.0.0.1:*", "http://localhost:*"))));
    private FilterHarness app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private Browser start(Map<String, String> init) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("OIDC_ISSUER", provider.issuer(), "OIDC_CLIENT_ID", CLIENT,
                "OIDC_CLIENT_AUTH", "private_key_jwt", "OIDC_CLIENT_KEY", TestClientKeys.pemEnv(KEY)));
        app = new FilterHarness(init, env, Clock.systemUTC());
        return new Browser();
    }

    private static Map<String, String> query(HttpResponse<String> redirect) {
        return Arrays.stream(URI.create(Browser.location(redirect)).getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2)).collect(Collectors.toMap(kv -> kv[0],
                        kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
    }

    private static List<String> logSince(int before) {
        List<String> all = LogSafety.records();
        return all.subList(before, all.size());
    }

    @Test
    void loginWhenProviderRequiresSignedRequestObjectsThenTheUrlCarriesOnlyTheObjectAndTheLoginWorks()
            throws Exception {
        int atStart = LogSafety.records().size();
        Browser browser = start(Map.of("request-object", "signed", "par", "false"));
        int pushes = provider.counters().par();

        HttpResponse<String> redirect = browser.navigate(app.url("/x?a=1"));

        assertEquals(302, redirect.statusCode());
        Map<String, String> query = query(redirect);
        assertEquals(Set.of("client_id", "response_type", "scope", "request"), query.keySet());
        assertEquals(pushes, provider.counters().par(), "not pushed");
        HttpResponse<String> done = browser.submit(browser.signInAtProvider(redirect, "alice", "alice-password"));
        assertEquals(303, done.statusCode(), done.body());
        assertTrue(Browser.location(done).endsWith("/x?a=1"), Browser.location(done));
        assertTrue(browser.navigate(app.url("/x")).body().contains("user=alice-0001"));
        String signature = query.get("request").substring(query.get("request").lastIndexOf('.') + 1);
        assertTrue(logSince(atStart).stream().noneMatch(l -> l.contains(signature)), "the request object is never logged");
        assertTrue(logSince(atStart).stream().noneMatch(l -> l.contains("ERROR request-object")),
                logSince(atStart)::toString);
    }

    @Test
    void loginWhenProviderRequiresSignedRequestObjectsAndParThenThePushCarriesTheObjectAndTheLoginWorks()
            throws Exception {
        Browser browser = start(Map.of("request-object", "signed", "par", "true"));
        int pushes = provider.counters().par();

        HttpResponse<String> redirect = browser.navigate(app.url("/x"));

        assertEquals(Set.of("client_id", "request_uri"), query(redirect).keySet());
        assertEquals(pushes + 1, provider.counters().par());
        HttpResponse<String> done = browser.submit(browser.signInAtProvider(redirect, "alice", "alice-password"));
        assertEquals(303, done.statusCode(), done.body());
        assertTrue(browser.navigate(app.url("/x")).body().contains("user=alice-0001"));
    }

    @Test
    void loginWhenRequestObjectNoneAndProviderRequiresSignedRequestObjectsThenTheProviderRefuses() throws Exception {
        Browser browser = start(Map.of("par", "false"));

        HttpResponse<String> redirect = browser.navigate(app.url("/x"));
        assertTrue(query(redirect).containsKey("state"), "a plain request");
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(redirect, "alice", "alice-password"));

        assertEquals(400, callback.statusCode(), callback.body());
        assertTrue(callback.body().contains("op_error"), callback.body());
    }

    @Test
    void loginWhenProviderSaysRequestParameterUnsupportedThenSelfCheckErrorAndFailsClosedWithoutCookie()
            throws Exception {
        provider.faults().discoveryCustomizer(doc -> doc.put("request_parameter_supported", false));
        int atStart = LogSafety.records().size();
        Browser browser = start(Map.of("request-object", "signed", "par", "false"));
        assertTrue(logSince(atStart).stream().anyMatch(l -> l.contains("OIDC self-check: ERROR request-object")),
                logSince(atStart)::toString);
        int authorizations = provider.counters().authorize();
        int before = LogSafety.records().size();

        HttpResponse<String> page = browser.navigate(app.url("/x"));

        PushedAuthorizationRequestTest.assertErrorPage(page, 502, "request_object_unsupported");
        PushedAuthorizationRequestTest.assertNoLoginCookie(browser);
        assertEquals(authorizations, provider.counters().authorize(), "no unsigned request was sent");
        List<String> log = logSince(before).stream().filter(l -> l.contains("request_object_unsupported")).toList();
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("request_parameter_supported: false"), log.get(0));
    }

    @Test
    void loginWhenProviderListsNoAlgorithmForTheKeyThenFailsClosedEvenWithPar() throws Exception {
        provider.faults().discoveryCustomizer(doc -> doc.put("request_object_signing_alg_values_supported",
                List.of("RS256")));
        Browser browser = start(Map.of("request-object", "signed", "par", "true"));
        int pushes = provider.counters().par();

        HttpResponse<String> page = browser.navigate(app.url("/x"));

        PushedAuthorizationRequestTest.assertErrorPage(page, 502, "request_object_unsupported");
        assertEquals(pushes, provider.counters().par(), "nothing pushed");
    }

    @Test
    void initWhenRequestObjectSignedWithoutClientKeyThenStartFailsWithOneMessage() {
        Map<String, String> params = Map.of("issuer", provider.issuer(), "client-id", CLIENT,
                "client-secret", "a-secret", "request-object", "signed");
        OidcFilterCore filter = new OidcFilterCore(Map.<String, String>of()::get, Clock.systemUTC(),
                new SecureRandom());
        ServletContext context = new ServletContextHandler().getServletContext();
        FilterConfig config = new FilterConfig() {
            public String getFilterName() { return "oidc"; }
            public ServletContext getServletContext() { return context; }
            public String getInitParameter(String name) { return params.get(name); }
            public Enumeration<String> getInitParameterNames() { return Collections.enumeration(params.keySet()); }
        };
        int before = LogSafety.records().size();

        ServletException e = assertThrows(ServletException.class, () -> filter.init(config));

        assertTrue(e.getMessage().contains("request-object=signed signs every authorization request with the "
                + "client's key: set client-key or client-keystore"), e.getMessage());
        List<String> log = logSince(before).stream().filter(l -> l.contains("not started")).toList();
        assertEquals(1, log.size(), log.toString());
        assertFalse(log.get(0).contains("Exception"), log.get(0));
    }
}
