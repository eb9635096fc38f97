package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The origins an access token may go to, built once per socket and metadata, never carried over to another. */
class TokenDestinationsTest {

    private static final String API = "https://api.example.com";

    private static ProviderMetadata metadata(String userinfo) {
        String op = "https://op.example.com/";
        return new ProviderMetadata(op, op + "authorize", op + "token", op + "jwks", userinfo, null, List.of("code"),
                List.of("form_post"), List.of("S256"), List.of("RS256"), List.of(), List.of(), true, List.of(),
                List.of("authorization_code"), List.of(), false, Set.of(), null, false);
    }

    private static HttpServletRequest socket(String scheme, String address, int port) {
        return (HttpServletRequest) Proxy.newProxyInstance(TokenDestinationsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getScheme" -> scheme;
                    case "getLocalAddr" -> address;
                    case "getLocalPort" -> port;
                    // the Host header is the client's choice: never asked
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void ofWhenTwoRequestsCameInOnDifferentSocketsThenEachGetsItsOwnOrigin() {
        TokenDestinations destinations = new TokenDestinations(List.of(API), () -> metadata(null), Optional.empty());

        Set<String> http = destinations.of(socket("http", "10.0.0.5", 8080));
        Set<String> https = destinations.of(socket("https", "10.0.0.5", 8443));
        Set<String> v6 = destinations.of(socket("https", "::1", 8443));

        assertEquals(Set.of(API, "http://10.0.0.5:8080"), http);
        assertEquals(Set.of(API, "https://10.0.0.5:8443"), https);
        assertEquals(Set.of(API, "https://[::1]:8443"), v6);
        assertEquals(Set.of(API, "http://10.0.0.5:8080"), destinations.of(socket("http", "10.0.0.5", 8080)));
    }

    @Test
    void ofWhenTheSameSocketAsksAgainThenTheSetIsNotBuiltAgain() {
        ProviderMetadata fixed = metadata("https://op.example.com/userinfo");
        TokenDestinations withMetadata = new TokenDestinations(List.of(), () -> fixed, Optional.empty());

        assertSame(withMetadata.of(socket("https", "10.0.0.5", 443)), withMetadata.of(socket("https", "10.0.0.5", 443)));
    }

    @Test
    void ofWhenDiscoveryAnswersNewMetadataThenTheOldUserinfoOriginIsNoLongerADestination() {
        AtomicReference<ProviderMetadata> current = new AtomicReference<>(metadata("https://old-op.example.com/userinfo"));
        TokenDestinations destinations = new TokenDestinations(List.of(), current::get, Optional.empty());
        HttpServletRequest request = socket("https", "10.0.0.5", 443);
        assertTrue(destinations.of(request).contains("https://old-op.example.com"));

        current.set(metadata("https://new-op.example.com/userinfo"));

        Set<String> now = destinations.of(request);
        assertTrue(now.contains("https://new-op.example.com"));
        assertFalse(now.contains("https://old-op.example.com"));
    }

    @Test
    void ofWhenDiscoveryHasNotSucceededYetThenOnlyTheConfiguredOriginsAndTheAppAreDestinations() {
        AtomicReference<ProviderMetadata> current = new AtomicReference<>();
        TokenDestinations destinations = new TokenDestinations(List.of(API), current::get,
                Optional.of("https://app.example.com/base"));

        assertEquals(Set.of(API, "https://app.example.com"), destinations.of(socket("http", "10.0.0.5", 8080)));
        current.set(metadata("https://op.example.com/userinfo"));
        assertEquals(Set.of(API, "https://op.example.com", "https://app.example.com"),
                destinations.of(socket("http", "10.0.0.5", 8080)));
    }

    @Test
    void ofWhenMoreSocketsThanTheBoundAskThenEveryOneStillGetsItsOwnOrigin() {
        TokenDestinations destinations = new TokenDestinations(List.of(), () -> null, Optional.empty());
        for (int port = 1000; port < 1000 + TokenDestinations.MAX_SOCKETS * 3; port++) {
            assertEquals(Set.of("http://10.0.0.5:" + port), destinations.of(socket("http", "10.0.0.5", port)));
        }
    }
}
