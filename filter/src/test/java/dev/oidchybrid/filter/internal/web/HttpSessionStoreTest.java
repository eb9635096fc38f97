package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.crypto.SealingScope;
import dev.oidchybrid.filter.internal.session.LoadedSession;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.internal.token.DpopKey;
import dev.oidchybrid.filter.internal.token.TokenSet;
import dev.oidchybrid.filter.session.OidcPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container-session store keeps a session's DPoP private key sealed under {@code cookie-keys}: what the
 * container persists or replicates holds no usable key, and a key that does not unseal here gives no session.
 */
class HttpSessionStoreTest {

    private static final SealingScope SCOPE = new SealingScope("https://op.example.com", "app-client", "/app");
    private static final List<String> KEYS = List.of("http-session-store-test-key-0123456789abcdef");
    private final Map<String, Object> attributes = new HashMap<>();
    private final HttpServletRequest request = request(attributes);

    /** A request whose one session keeps its attributes in {@code attributes}. */
    private static HttpServletRequest request(Map<String, Object> attributes) {
        HttpSession session = (HttpSession) Proxy.newProxyInstance(HttpSessionStoreTest.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getAttributeNames" -> Collections.enumeration(attributes.keySet());
                    case "invalidate" -> {
                        attributes.clear();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (HttpServletRequest) Proxy.newProxyInstance(HttpSessionStoreTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getSession" -> session;
                    case "changeSessionId" -> "new-id";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static OidcSession session(String dpopKey) {
        TokenSet tokens = new TokenSet("id.token.value", "access-token", "refresh-token", "DPoP",
                Instant.parse("2026-12-02T08:00:00Z"), "openid", Instant.parse("2026-12-02T07:55:00Z"), dpopKey);
        return new OidcSession(tokens, Map.of("sub", "alice", "aud", "app-client"),
                new OidcPrincipal("alice", SCOPE.issuer(), "alice", Set.of()), Instant.parse("2026-12-02T07:55:00Z"),
                "session-id");
    }

    private static String dpopKey() {
        return DpopKey.generate("ES256", new SecureRandom()).sealable();
    }

    private OidcSession stored() {
        return (OidcSession) attributes.get(HttpSessionStore.attributeName(SCOPE));
    }

    @Test
    void saveNewLoginWhenDpopBoundThenTheKeyIsStoredSealedAndLoadsBackAsIs() {
        String key = dpopKey();
        HttpSessionStore store = new HttpSessionStore(SCOPE, KEYS);
        store.of(request).saveNewLogin(session(key));
        String kept = stored().tokens().dpopKey();
        assertNotEquals(key, kept);
        assertFalse(kept.contains("\"d\""), "no private JWK member in what the container persists");
        Optional<LoadedSession> loaded = store.of(request).load();
        assertTrue(loaded.isPresent());
        assertEquals(key, loaded.get().session().tokens().dpopKey());
        assertTrue(loaded.get().session().tokens().dpop().isPresent());
    }

    @Test
    void updateWhenDpopBoundThenTheKeyStaysSealed() {
        String key = dpopKey();
        HttpSessionStore store = new HttpSessionStore(SCOPE, KEYS);
        store.of(request).saveNewLogin(session(key));
        store.of(request).update(session(key));
        assertFalse(stored().tokens().dpopKey().contains("\"d\""));
        assertEquals(key, store.of(request).load().orElseThrow().session().tokens().dpopKey());
    }

    @Test
    void loadWhenTheKeyWasSealedUnderOtherCookieKeysThenNoSession() {
        new HttpSessionStore(SCOPE, List.of("another-node-with-other-cookie-keys-0123456789")).of(request)
                .saveNewLogin(session(dpopKey()));
        assertTrue(new HttpSessionStore(SCOPE, KEYS).of(request).load().isEmpty());
    }

    @Test
    void loadWhenAPlainKeyWasPlantedInTheSessionThenNoSession() {
        attributes.put(HttpSessionStore.attributeName(SCOPE), session(dpopKey()));
        assertTrue(new HttpSessionStore(SCOPE, KEYS).of(request).load().isEmpty(),
                "a key that this filter did not seal is not taken");
    }

    @Test
    void loadWhenBearerTokensThenTheSessionAsIs() {
        HttpSessionStore store = new HttpSessionStore(SCOPE, KEYS);
        store.of(request).saveNewLogin(session(null));
        assertEquals(session(null), store.of(request).load().orElseThrow().session());
    }
}
