package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Authorization responses that break the protocol around the ID token (RFC 9207 {@code iss}, RFC 6749 §10.12
 * {@code state}, OpenID Connect Core 1.0 §3.3.2.5 response shape), one test each: the filter answers 400, creates
 * no session and never sends the code to the token endpoint.
 */
class AuthorizationResponseFaultsTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private LoginScenario scenario;

    @BeforeEach
    void startApp() throws Exception {
        scenario = new LoginScenario(provider.devProvider(), Map.of("response-type", "code id_token"));
    }

    @AfterEach
    void stopApp() throws Exception {
        scenario.close();
    }

    @Test
    void callbackWhenIssParameterNamesAnotherIssuerThenRejectedWithoutCodeExchange() {
        provider.faults().authorizationResponseIss("https://attacker.example");
        scenario.assertRejectedWithoutCodeExchange(400, "invalid_response");
    }

    @Test
    void callbackWhenIssParameterMissingAlthoughAdvertisedAndNoIdTokenThenRejectedWithoutCodeExchange()
            throws Exception {
        provider.faults().omitAuthorizationResponseIss(true);
        try (LoginScenario codeFlow = new LoginScenario(provider.devProvider(), Map.of("response-type", "code"))) {
            codeFlow.assertRejectedWithoutCodeExchange(400, "invalid_response");
        }
    }

    @Test
    void callbackWhenIssParameterMissingButTheResponseCarriesAnIdTokenThenLoginCompletes() {
        // as certified providers answer hybrid requests: the ID token's validated iss identifies the issuer
        provider.faults().omitAuthorizationResponseIss(true);
        scenario.assertLoginCompletes();
    }

    @Test
    void callbackWhenStateReplacedThenRejectedWithoutCodeExchange() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String otherState = Base64.getUrlEncoder().withoutPadding().encodeToString(random); // the filter's form
        LogSafety.secret(otherState);
        provider.faults().authorizationResponseOverride(params -> {
            params.put("state", otherState);
            return params;
        });
        scenario.assertRejectedWithoutCodeExchange(400, "invalid_state");
    }

    @Test
    void callbackWhenCodeRemovedThenRejectedWithoutCodeExchange() {
        provider.faults().authorizationResponseOverride(params -> {
            params.remove("code");
            return params;
        });
        scenario.assertRejectedWithoutCodeExchange(400, "invalid_response");
    }

    @Test
    void callbackWhenIdTokenRemovedFromHybridResponseThenRejectedWithoutCodeExchange() {
        provider.faults().authorizationResponseOverride(params -> {
            params.remove("id_token");
            return params;
        });
        scenario.assertRejectedWithoutCodeExchange(400, "invalid_response");
    }

    @Test
    void callbackWhenAResponseParameterComesInThePostsQueryStringThenRejectedWithoutCodeExchange() {
        // containers merge the query into the form parameters: a form_post response is read from the body only
        for (String field : java.util.List.of("state", "code", "id_token")) {
            Browser browser = new Browser();
            int tokenRequests = provider.counters().token();
            HttpResponse<String> callback = scenario.loginWithFieldInQuery(browser, field);
            assertEquals(tokenRequests, provider.counters().token(), field + ": the code must not be redeemed");
            scenario.assertRejected(callback, browser, 400, "invalid_request");
        }
    }
}
