package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.oidchybrid.filter.testing.FakeRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestUrlsTest {

    private static OidcConfig.Builder config() {
        return OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com").set(InitParam.CLIENT_ID, "c");
    }

    @Test
    void redirectUriWhenNoBaseUrlThenDerivedFromRequestWithContextPath() {
        RequestUrls urls = new RequestUrls(config().build().paths());
        assertEquals("https://app.example.com/shop/callback", urls.redirectUri(request("GET", Map.of(),
                Map.of("contextPath", "/shop"))));
        assertEquals("http://localhost:8080/callback", urls.redirectUri(request("GET", Map.of(),
                Map.of("scheme", "http", "serverName", "localhost", "serverPort", 8080))));
    }

    @Test
    void redirectUriWhenBaseUrlConfiguredThenItWins() {
        RequestUrls urls = new RequestUrls(config().set(InitParam.BASE_URL, "https://public.example.com/app").build().paths());
        assertEquals("https://public.example.com/app/callback", urls.redirectUri(request("GET", Map.of(),
                Map.of("scheme", "http", "serverName", "10.0.0.5", "serverPort", 8080, "contextPath", "/app"))));
        assertTrue(urls.isSecure(request("GET", Map.of(), Map.of("secure", false))));
    }

    private static final Map<String, String> FORWARDED = Map.of("X-Forwarded-Proto", "https",
            "X-Forwarded-Host", "shop.example.com", "X-Forwarded-Port", "8443");
    private static final Map<String, Object> BEHIND_PROXY = Map.of("scheme", "http", "serverName", "10.0.0.5",
            "serverPort", 8080, "secure", false, "contextPath", "/app");

    @Test
    void redirectUriWhenForwardedHeadersNotTrustedThenIgnored() {
        RequestUrls urls = new RequestUrls(config().build().paths());
        assertEquals("http://10.0.0.5:8080/app/callback", urls.redirectUri(request("GET", FORWARDED, BEHIND_PROXY)));
        assertFalse(urls.isSecure(request("GET", FORWARDED, BEHIND_PROXY)));
    }

    @Test
    void redirectUriWhenForwardedHeadersTrustedThenExternalOriginUsed() {
        RequestUrls urls = new RequestUrls(config().set(InitParam.TRUST_FORWARDED_HEADERS, "true").build().paths());
        assertEquals("https://shop.example.com:8443/app/callback", urls.redirectUri(request("GET", FORWARDED, BEHIND_PROXY)));
        assertTrue(urls.isSecure(request("GET", FORWARDED, BEHIND_PROXY)));
        assertEquals("https://shop.example.com/app/callback", urls.redirectUri(request("GET",
                Map.of("X-Forwarded-Proto", "http, https", "X-Forwarded-Host", "shop.example.com"), BEHIND_PROXY)),
                "last value of a list; default port of the forwarded scheme");
    }

    @Test
    void redirectUriWhenClientPrependsForwardedValuesThenTheProxysLastValueWins() {
        // a proxy that appends: the client's own X-Forwarded-Host comes first and must not choose the redirect_uri
        RequestUrls urls = new RequestUrls(config().set(InitParam.TRUST_FORWARDED_HEADERS, "true").build().paths());
        assertEquals("https://shop.example.com/app/callback", urls.redirectUri(request("GET",
                Map.of("X-Forwarded-Proto", "http, https", "X-Forwarded-Host", "evil.example, shop.example.com",
                        "X-Forwarded-Port", "8443, 443"), BEHIND_PROXY)));
    }

    @Test
    void isSecureWhenPlainHttpOnALoopbackHostThenTrueAsBrowsersTreatItAsASecureContext() {
        RequestUrls urls = new RequestUrls(config().build().paths());
        for (String host : List.of("localhost", "LOCALHOST", "app.localhost", "localhost.", "127.0.0.1", "127.1.2.3",
                "[::1]", "::1")) {
            assertTrue(urls.isSecure(request("GET", Map.of(), Map.of("scheme", "http", "serverName", host,
                    "serverPort", 8080, "secure", false))), host);
        }
        for (String host : List.of("app.test", "localhost.example.com", "mylocalhost", "127.0.0.1.example.com",
                "128.0.0.1", "10.0.0.5", "[::2]", "127.0.0.256")) {
            assertFalse(urls.isSecure(request("GET", Map.of(), Map.of("scheme", "http", "serverName", host,
                    "serverPort", 8080, "secure", false))), host);
        }
        assertTrue(new RequestUrls(config().set(InitParam.BASE_URL, "http://localhost:8080").build().paths())
                .isSecure(request("GET", Map.of(), Map.of("scheme", "http", "secure", false))));
    }

    @Test
    void redirectUriWhenForwardedValuesMalformedThenRequestValuesKept() {
        RequestUrls urls = new RequestUrls(config().set(InitParam.TRUST_FORWARDED_HEADERS, "true").build().paths());
        assertEquals("http://10.0.0.5:8080/app/callback", urls.redirectUri(request("GET", Map.of("X-Forwarded-Proto",
                "javascript", "X-Forwarded-Host", "evil.example/x?", "X-Forwarded-Port", "99999"), BEHIND_PROXY)));
    }

    @Test
    void returnPathWhenQueryThenKeptRelativeToContext() {
        assertEquals("/orders/7?tab=items&x=%2F", RequestUrls.returnPath(request("GET", Map.of(),
                Map.of("contextPath", "/shop", "requestURI", "/shop/orders/7", "queryString", "tab=items&x=%2F"))));
    }

    @Test
    void isSafeReturnPathWhenOffOriginTricksThenFalse() {
        for (String evil : new String[] {"//evil.example/x", "/\\\\evil.example", "/\\evil.example", "https://evil.example",
                "evil.example", "", "/a\\b", "/a\nb", "/a b", "/" + "x".repeat(3000)}) {
            assertFalse(RequestUrls.isSafeReturnPath(evil), evil);
        }
        assertTrue(RequestUrls.isSafeReturnPath("/profile?next=https://evil.example"),
                "an absolute URL inside the query stays on this origin");
        assertTrue(RequestUrls.isSafeReturnPath("/%2F%2Fevil.example"), "encoded slashes stay a path on this origin");
    }

    @Test
    void locationForWhenUnsafeReturnPathThenContextRoot() {
        RequestUrls urls = new RequestUrls(config().build().paths());
        assertEquals("/shop/", urls.locationFor(request("GET", Map.of(), Map.of("contextPath", "/shop")), "//evil.example"));
        assertEquals("/shop/a?b=1", urls.locationFor(request("GET", Map.of(), Map.of("contextPath", "/shop")), "/a?b=1"));
    }
}
