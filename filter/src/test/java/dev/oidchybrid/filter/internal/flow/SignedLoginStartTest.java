package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.cluster.LocalUsedStates;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestClientKeys;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
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

/** {@link LoginFlow#start} with {@code request-object=signed} (RFC 9101): the browser's URL and the pushed body. */
class SignedLoginStartTest {

    private static final String OP = "https://op.example.com/";
    private static final String REDIRECT = "https://app.example.com/callback";
    private static final KeyPair KEY = TestClientKeys.ecKey();

    private final List<Map<String, String>> pushed = new ArrayList<>();
    private final ParClient parClient = (endpoint, params) -> {
        pushed.add(params);
        return new PushedAuthorizationResponse("urn:ietf:params:oauth:request_uri:1", Optional.of(60L));
    };

    private static OidcConfig config(String par, String requestObject) {
        return OidcConfig.builder().set(InitParam.ISSUER, OP).set(InitParam.CLIENT_ID, "client-1")
                .set(InitParam.CLIENT_AUTH, "private_key_jwt").set(InitParam.CLIENT_KEY, TestClientKeys.pem(KEY))
                .set(InitParam.PAR, par).set(InitParam.REQUEST_OBJECT, requestObject)
                .set(InitParam.PROMPT, "login").set(InitParam.EXTRA_AUTH_PARAMS, "connection=github").build();
    }

    private static ProviderMetadata provider(Set<String> advertised, boolean requestParameter, List<String> algs) {
        return new ProviderMetadata(OP, OP + "authorize", OP + "token", OP + "jwks", null, null, List.of("code"),
                List.of("form_post"), List.of("S256"), List.of("RS256"), List.of(), List.of(), true, List.of(),
                List.of("authorization_code"), List.of(), false, advertised, OP + "par", false, requestParameter, algs);
    }

    private static ProviderMetadata supporting() {
        return provider(Set.of("request_parameter_supported"), true, List.of("PS256", "ES256"));
    }

    private LoginFlow flow(OidcConfig config, ProviderMetadata provider) {
        MutableClock clock = MutableClock.at(1_800_000_000L);
        RandomTokens random = new RandomTokens(new SecureRandom());
        return new LoginFlow(LoginFlow.Settings.from(config), () -> provider, null, null, clock, random,
                new LocalUsedStates("test", 10, LocalUsedStates.WhenFull.FORGET_SOONEST_EXPIRING), null, parClient,
                Optional::empty, RequestObjects.forClient(config.client(), Optional.of(ClientKeys.parse(
                        TestClientKeys.pem(KEY))), OP, false, clock, random));
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    private static JwtClaims claims(String jwt) {
        return RequestObjectBuilderTest.claims(RequestObjectBuilderTest.verified(jwt, KEY));
    }

    @Test
    void startWhenSignedWithoutParThenTheUrlCarriesOnlyClientIdResponseTypeScopeAndRequest() throws Exception {
        LoginStart start = flow(config("false", "signed"), supporting()).start(REDIRECT, "/page",
                Map.of("invitation", "inv_1"));

        Map<String, String> query = query(start.authorizationUrl());
        assertEquals(List.of("client_id", "response_type", "scope", "request"), List.copyOf(query.keySet()));
        assertEquals("client-1", query.get("client_id"));
        assertEquals("code id_token", query.get("response_type"));
        assertEquals("openid profile email", query.get("scope"));
        JwtClaims claims = claims(query.get("request"));
        PendingLogin pending = start.pending();
        assertEquals(pending.state(), claims.getClaimValue("state"));
        assertEquals(pending.nonce(), claims.getClaimValue("nonce"));
        assertEquals(Pkce.s256Challenge(pending.codeVerifier()), claims.getClaimValue("code_challenge"));
        assertEquals(REDIRECT, claims.getClaimValue("redirect_uri"));
        assertEquals("form_post", claims.getClaimValue("response_mode"));
        assertEquals("login", claims.getClaimValue("prompt"));
        assertEquals("github", claims.getClaimValue("connection"));
        assertEquals("inv_1", claims.getClaimValue("invitation"));
        assertEquals("client-1", claims.getIssuer());
        assertEquals(List.of(OP), claims.getAudience());
        assertTrue(pushed.isEmpty());
    }

    @Test
    void startWhenSignedWithParThenThePushedBodyCarriesOnlyTheRequest() throws Exception {
        LoginStart start = flow(config("true", "signed"), supporting()).start(REDIRECT, "/page", Map.of());

        assertEquals(1, pushed.size());
        assertEquals(Set.of("request"), pushed.get(0).keySet());
        JwtClaims claims = claims(pushed.get(0).get("request"));
        assertEquals(start.pending().state(), claims.getClaimValue("state"));
        assertEquals("client-1", claims.getClaimValue("client_id"));
        assertEquals(Set.of("client_id", "request_uri"), query(start.authorizationUrl()).keySet());
    }

    @Test
    void startWhenRequestObjectNoneThenPlainParametersAsBefore() {
        LoginStart start = flow(config("false", "none"), supporting()).start(REDIRECT, "/page", Map.of());

        Map<String, String> query = query(start.authorizationUrl());
        assertEquals(start.pending().state(), query.get("state"));
        assertTrue(!query.containsKey("request"), query::toString);
    }

    @Test
    void startWhenProviderSaysRequestParameterUnsupportedAndNoParThenRequestObjectUnsupported() {
        LoginFlow flow = flow(config("false", "signed"), provider(Set.of("request_parameter_supported"), false,
                List.of("ES256")));

        OidcException e = assertThrows(OidcException.class, () -> flow.start(REDIRECT, "/page", Map.of()));

        assertEquals(ErrorCode.REQUEST_OBJECT_UNSUPPORTED, e.code());
        assertTrue(e.description().contains("request_parameter_supported: false"), e.description());
        assertTrue(e.description().contains("no unsigned request is sent"), e.description());
    }

    @Test
    void startWhenProviderSaysRequestParameterUnsupportedButThePushTakesItThenPushed() {
        flow(config("true", "signed"), provider(Set.of("request_parameter_supported"), false, List.of("ES256")))
                .start(REDIRECT, "/page", Map.of());

        assertEquals(Set.of("request"), pushed.get(0).keySet());
    }

    @Test
    void startWhenProviderDoesNotAdvertiseRequestParameterThenSignedWithTheKeysAlgorithm() throws Exception {
        LoginStart start = flow(config("false", "signed"), provider(Set.of(), false, List.of()))
                .start(REDIRECT, "/page", Map.of());

        String jwt = query(start.authorizationUrl()).get("request");
        assertEquals("ES256", RequestObjectBuilderTest.verified(jwt, KEY).getAlgorithmHeaderValue());
    }

    @Test
    void startWhenProviderListsNoAlgorithmForTheKeyThenRequestObjectUnsupportedAndNothingPushed() {
        LoginFlow flow = flow(config("true", "signed"), provider(Set.of(), true, List.of("RS256", "none")));

        OidcException e = assertThrows(OidcException.class, () -> flow.start(REDIRECT, "/page", Map.of()));

        assertEquals(ErrorCode.REQUEST_OBJECT_UNSUPPORTED, e.code());
        assertTrue(pushed.isEmpty(), "nothing pushed, signed or not");
    }
}
