package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.cluster.LocalUsedStates;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LoginFlow#start} with pushed authorization requests (RFC 9126): what is pushed, where the browser goes. */
class PushedLoginStartTest {

    private static final String OP = "https://op.example.com/";
    private static final String REDIRECT = "https://app.example.com/callback";
    private static final String URN = "urn:ietf:params:oauth:request_uri:pushed-1";

    private final List<String> endpoints = new ArrayList<>();
    private final List<Map<String, String>> pushed = new ArrayList<>();
    private ParClient parClient = (endpoint, params) -> {
        endpoints.add(endpoint);
        pushed.add(params);
        return new PushedAuthorizationResponse(URN, Optional.of(60L));
    };

    private static OidcConfig.Builder config(String par) {
        return OidcConfig.builder().set(InitParam.ISSUER, OP).set(InitParam.CLIENT_ID, "client-1")
                .set(InitParam.CLIENT_SECRET, "secret").set(InitParam.PAR, par);
    }

    private static ProviderMetadata provider(boolean required) {
        return new ProviderMetadata(OP, OP + "authorize", OP + "token", OP + "jwks", null, null, List.of("code"),
                List.of("form_post"), List.of("S256"), List.of("RS256"), List.of(), List.of(), true, List.of(),
                List.of("authorization_code"), List.of(), false, Set.of(), OP + "par", required);
    }

    private LoginFlow flow(OidcConfig config, ProviderMetadata provider) {
        return new LoginFlow(LoginFlow.Settings.from(config), () -> provider, null, null, MutableClock.at(1_800_000_000L),
                new RandomTokens(new SecureRandom()),
                new LocalUsedStates("test", 10, LocalUsedStates.WhenFull.FORGET_SOONEST_EXPIRING), null, parClient,
                java.util.Optional::empty);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    @Test
    void startWhenPushedThenThePushedRequestHasEveryAuthorizationParameter() {
        OidcConfig config = config("true").set(InitParam.AUDIENCE, "https://api.example.com")
                .set(InitParam.ORGANIZATION, "org_1").set(InitParam.PROMPT, "login").set(InitParam.MAX_AGE, "300")
                .set(InitParam.ACR_VALUES, "mfa").set(InitParam.UI_LOCALES, "de").set(InitParam.SCOPE, "openid email")
                .set(InitParam.EXTRA_AUTH_PARAMS, "connection=github").build();
        LoginStart start = flow(config, provider(false)).start(REDIRECT, "/page", Map.of("invitation", "inv_1"));
        assertEquals(List.of(OP + "par"), endpoints);
        Map<String, String> form = pushed.get(0);
        PendingLogin pending = start.pending();
        assertEquals("code id_token", form.get("response_type"));
        assertEquals("form_post", form.get("response_mode"));
        assertEquals("client-1", form.get("client_id"));
        assertEquals(REDIRECT, form.get("redirect_uri"));
        assertEquals("openid email", form.get("scope"));
        assertEquals(pending.state(), form.get("state"));
        assertEquals(pending.nonce(), form.get("nonce"));
        assertEquals(Pkce.s256Challenge(pending.codeVerifier()), form.get("code_challenge"));
        assertEquals("S256", form.get("code_challenge_method"));
        assertEquals("https://api.example.com", form.get("audience"));
        assertEquals("org_1", form.get("organization"));
        assertEquals("inv_1", form.get("invitation"));
        assertEquals("login", form.get("prompt"));
        assertEquals("300", form.get("max_age"));
        assertEquals("mfa", form.get("acr_values"));
        assertEquals("de", form.get("ui_locales"));
        assertEquals("github", form.get("connection"));
        assertEquals(query(AuthorizationRequestBuilder.build(OP + "authorize", config.client(), REDIRECT,
                pending.state(), pending.nonce(), Pkce.s256Challenge(pending.codeVerifier()),
                Map.of("invitation", "inv_1"))), form, "the pushed request and the browser request cannot drift");
    }

    @Test
    void startWhenPushedThenTheBrowserUrlCarriesOnlyClientIdAndRequestUri() {
        LoginStart start = flow(config("true").set(InitParam.PROMPT, "login").build(), provider(false))
                .start(REDIRECT, "/page", Map.of());
        assertTrue(start.authorizationUrl().startsWith(OP + "authorize?"), start.authorizationUrl());
        assertEquals(Map.of("client_id", "client-1", "request_uri", URN), query(start.authorizationUrl()));
        assertTrue(!start.authorizationUrl().contains(start.pending().state()), "no state in the browser's URL");
    }

    @Test
    void startWhenAutoAndProviderRequiresParThenPushed() {
        LoginStart start = flow(config("auto").build(), provider(true)).start(REDIRECT, "/", Map.of());
        assertEquals(1, pushed.size());
        assertEquals(Set.of("client_id", "request_uri"), query(start.authorizationUrl()).keySet());
    }

    @Test
    void startWhenAutoAndProviderDoesNotRequireParThenNotPushed() {
        LoginStart start = flow(config("auto").build(), provider(false)).start(REDIRECT, "/", Map.of());
        assertEquals(List.of(), pushed);
        assertEquals(start.pending().state(), query(start.authorizationUrl()).get("state"));
    }

    @Test
    void startWhenParFalseThenNotPushedEvenIfRequired() {
        flow(config("false").build(), provider(true)).start(REDIRECT, "/", Map.of());
        assertEquals(List.of(), pushed);
    }

    @Test
    void startWhenTwoLoginsThenEachPushesAnew() {
        LoginFlow flow = flow(config("true").build(), provider(false));
        flow.start(REDIRECT, "/", Map.of());
        flow.restart(REDIRECT, new PendingLogin("s", "n", "v", "/", java.time.Instant.EPOCH, REDIRECT));
        assertEquals(2, pushed.size(), "a request_uri is never reused");
        assertTrue(!pushed.get(0).get("state").equals(pushed.get(1).get("state")));
    }

    @Test
    void startWhenPushRefusedThenNoLoginIsStarted() {
        parClient = (endpoint, params) -> {
            throw OidcException.providerError(ErrorCode.PAR_REFUSED, "invalid_request", "refused", "RFC 9126");
        };
        OidcException e = assertThrows(OidcException.class,
                () -> flow(config("true").build(), provider(false)).start(REDIRECT, "/", Map.of()));
        assertEquals(ErrorCode.PAR_REFUSED, e.code());
    }
}
