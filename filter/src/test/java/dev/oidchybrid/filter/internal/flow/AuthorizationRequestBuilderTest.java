package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.crypto.RandomTokens;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorizationRequestBuilderTest {

    private static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    private static OidcConfig.Builder config() {
        return OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com").set(InitParam.CLIENT_ID, "client 1")
                .set(InitParam.CLIENT_SECRET, "secret");
    }

    @Test
    void buildWhenHybridThenAllProtocolParametersPresent() {
        String url = AuthorizationRequestBuilder.build("https://op.example.com/authorize", config().build().client(),
                "https://app.example.com/callback", "the-state", "the-nonce", "the-challenge", Map.of());
        Map<String, String> params = query(url);
        assertEquals("code id_token", params.get("response_type"));
        assertEquals("form_post", params.get("response_mode"));
        assertEquals("client 1", params.get("client_id"));
        assertEquals("https://app.example.com/callback", params.get("redirect_uri"));
        assertEquals("openid profile email", params.get("scope"));
        assertEquals("the-state", params.get("state"));
        assertEquals("the-nonce", params.get("nonce"));
        assertEquals("the-challenge", params.get("code_challenge"));
        assertEquals("S256", params.get("code_challenge_method"));
        assertTrue(url.startsWith("https://op.example.com/authorize?response_type=code%20id_token&"), url);
    }

    @Test
    void buildWhenEndpointHasQueryThenParametersAppended() {
        String url = AuthorizationRequestBuilder.build("https://op.example.com/authorize?tenant=x", config().build().client(),
                "https://app/cb", "s", "n", "c", Map.of());
        assertTrue(url.startsWith("https://op.example.com/authorize?tenant=x&response_type="), url);
    }

    @Test
    void buildWhenAuth0ParamsAndInvitationLinkThenForwarded() {
        OidcConfig config = config().set(InitParam.AUDIENCE, "https://api.example.com")
                .set(InitParam.ORGANIZATION, "org_default").build();
        Map<String, String> params = query(AuthorizationRequestBuilder.build("https://op/authorize", config.client(),
                "https://app/cb", "s", "n", "c", Map.of("invitation", "inv_1", "organization", "org_invited")));
        assertEquals("https://api.example.com", params.get("audience"));
        assertEquals("inv_1", params.get("invitation"));
        assertEquals("org_invited", params.get("organization"), "the invitation's organization wins");
    }

    @Test
    void s256ChallengeWhenRfc7636AppendixBVerifierThenItsChallenge() {
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                Pkce.s256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @Test
    void invitationLinkWhenInvitationAndOrganizationThenBothForwarded() {
        Map<String, String[]> query = Map.of("invitation", new String[] {"abc_DEF-1"}, "organization",
                new String[] {"org_9"});
        assertEquals(Map.of("invitation", "abc_DEF-1", "organization", "org_9"), InvitationLink.forwardedParams(query::get));
    }

    @Test
    void invitationLinkWhenOnlyOrganizationOrOddValuesThenNothingForwarded() {
        Map<String, String[]> orgOnly = Map.of("organization", new String[] {"org_9"});
        assertTrue(InvitationLink.forwardedParams(orgOnly::get).isEmpty());
        Map<String, String[]> odd = Map.of("invitation", new String[] {"a&redirect_uri=https://evil"});
        assertTrue(InvitationLink.forwardedParams(odd::get).isEmpty());
        Map<String, String[]> twice = Map.of("invitation", new String[] {"a", "b"});
        assertTrue(InvitationLink.forwardedParams(twice::get).isEmpty());
    }

    @Test
    void randomTokensWhenGeneratedThenUrlSafeAndDistinct() {
        RandomTokens random = new RandomTokens(new java.security.SecureRandom());
        String a = random.next();
        String b = random.next();
        assertEquals(43, a.length());
        assertTrue(a.matches("[A-Za-z0-9_-]+"));
        assertTrue(!a.equals(b));
    }
}
