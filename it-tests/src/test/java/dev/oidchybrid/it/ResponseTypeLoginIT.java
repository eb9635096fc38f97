package dev.oidchybrid.it;

import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.junit.HtmlUnitBrowser;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.htmlunit.Page;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser login through each response type the filter supports (OpenID Connect Core 1.0 §3.1 code flow,
 * §3.3 hybrid flow), each on its own copy of the sample WAR whose web.xml sets {@code response-type}: the
 * protected URL leads to the provider's login page, and after the login (and the form_post round trip) the
 * browser is back on the very URL it asked for, query string included, with the user's claims.
 */
@RunAsClient
class ResponseTypeLoginIT {

    /** First: the provider runs and the filter's system properties are set before Arquillian deploys. */
    @RegisterExtension
    @Order(1)
    static final OidcTestKit oidc = ItOidc.kit();

    @RegisterExtension
    @Order(2)
    static final ArquillianExtension arquillian = new ArquillianExtension();

    private static final String PROTECTED_PATH = "profile?x=1&y=two";

    @Deployment(name = "code", testable = false)
    static WebArchive code() {
        return SampleWar.withResponseType("rt-code.war", "code");
    }

    @Deployment(name = "code-id_token", testable = false)
    static WebArchive codeIdToken() {
        return SampleWar.withResponseType("rt-code-id_token.war", "code id_token");
    }

    @Deployment(name = "code-token", testable = false)
    static WebArchive codeToken() {
        return SampleWar.withResponseType("rt-code-token.war", "code token");
    }

    @Deployment(name = "code-id_token-token", testable = false)
    static WebArchive codeIdTokenToken() {
        return SampleWar.withResponseType("rt-code-id_token-token.war", "code id_token token");
    }

    @ArquillianResource
    @OperateOnDeployment("code")
    private URL code;

    @ArquillianResource
    @OperateOnDeployment("code-id_token")
    private URL codeIdToken;

    @ArquillianResource
    @OperateOnDeployment("code-token")
    private URL codeToken;

    @ArquillianResource
    @OperateOnDeployment("code-id_token-token")
    private URL codeIdTokenToken;

    @Test
    @OperateOnDeployment("code")
    void loginWhenResponseTypeCodeThenBackOnOriginalUrlWithClaims() throws IOException {
        assertLoginReturnsToOriginalUrl(code, "code");
    }

    @Test
    @OperateOnDeployment("code-id_token")
    void loginWhenResponseTypeCodeIdTokenThenBackOnOriginalUrlWithClaims() throws IOException {
        assertLoginReturnsToOriginalUrl(codeIdToken, "code id_token");
    }

    @Test
    @OperateOnDeployment("code-token")
    void loginWhenResponseTypeCodeTokenThenBackOnOriginalUrlWithClaims() throws IOException {
        assertLoginReturnsToOriginalUrl(codeToken, "code token");
    }

    @Test
    @OperateOnDeployment("code-id_token-token")
    void loginWhenResponseTypeCodeIdTokenTokenThenBackOnOriginalUrlWithClaims() throws IOException {
        assertLoginReturnsToOriginalUrl(codeIdTokenToken, "code id_token token");
    }

    private static void assertLoginReturnsToOriginalUrl(URL deployed, String responseType) throws IOException {
        URL base = ItOidc.onLocalhost(deployed);
        String original = base + PROTECTED_PATH;
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            browser.open(original);
            assertTrue(browser.onLoginPage(), () -> "expected the provider's login page, got "
                    + browser.current().getUrl());
            assertTrue(browser.current().getUrl().toString().startsWith(oidc.issuer()),
                    () -> "login page not at the provider: " + browser.current().getUrl());
            assertEquals(responseType, queryParameter(browser.current().getUrl(), "response_type"),
                    "the authorization request's response_type");

            Page landed = browser.logIn("alice", "alice-password");

            assertEquals(original, landed.getUrl().toString());
            assertEquals(200, landed.getWebResponse().getStatusCode());
            assertEquals("application/json", landed.getWebResponse().getContentType());
            Map<String, Object> profile = Json.object(landed.getWebResponse().getContentAsString());
            assertEquals("alice-0001", profile.get("sub"));
            assertEquals(true, profile.get("access_token_present"));
            assertEquals(DemoUser.alice().claims().get("email"), profile.get("email"));
        }
    }

    /** The first value of query parameter {@code name} of {@code url}, decoded; {@code null} without one. */
    private static String queryParameter(URL url, String name) {
        String query = url.getQuery() == null ? "" : url.getQuery();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
