package dev.oidchybrid.filter.internal.config;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OidcConfigTest {

    private static final String COOKIE_KEY = "k".repeat(32);

    static OidcConfig.Builder valid() {
        return OidcConfig.builder()
                .set(InitParam.ISSUER, "https://tenant.eu.auth0.com/")
                .set(InitParam.CLIENT_ID, "abc")
                .set(InitParam.CLIENT_SECRET, "s3cret");
    }

    static String problems(OidcConfig.Builder builder) {
        OidcException e = assertThrows(OidcException.class, builder::build);
        assertEquals(ErrorCode.INVALID_CONFIGURATION, e.code());
        return e.description();
    }

    @Test
    void buildWhenOnlyRequiredParamsThenDefaultsApply() {
        OidcConfig config = valid().build();
        assertEquals(ResponseType.CODE_ID_TOKEN, config.client().responseType());
        assertEquals("openid profile email", config.client().scope());
        assertEquals(ClientAuth.CLIENT_SECRET_BASIC, config.client().clientAuth());
        assertEquals("/callback", config.paths().redirectPath());
        assertEquals("/logout", config.paths().logoutPath());
        assertEquals(Duration.ofSeconds(60), config.timeouts().clockSkew());
        assertEquals(Duration.ofMinutes(10), config.session().loginTimeout());
        assertEquals("sub", config.provider().principalClaim());
        assertTrue(config.paths().baseUrl().isEmpty());
        assertTrue(config.session().cookieKeys().isEmpty());
        assertFalse(config.provider().idTokenAlgorithms().contains("HS256"));
    }

    @Test
    void buildWhenIssuerAndClientIdMissingThenBothReportedAtOnce() {
        String problems = problems(OidcConfig.builder().set(InitParam.RESPONSE_TYPE, "token"));
        assertTrue(problems.contains("issuer is required"), problems);
        assertTrue(problems.contains("client-id is required"), problems);
        assertTrue(problems.contains("response-type must be one of"), problems);
        assertTrue(problems.contains("OIDC_ISSUER"), "names the environment variable: " + problems);
    }

    @Test
    void buildWhenIssuerIsPlainHttpOnAPublicHostThenRejected() {
        assertTrue(problems(valid().set(InitParam.ISSUER, "http://op.example.com")).contains("must use https"));
    }

    @Test
    void buildWhenIssuerIsHttpOnLoopbackThenAccepted() {
        valid().set(InitParam.ISSUER, "http://127.0.0.1:8081").build();
        valid().set(InitParam.ISSUER, "http://localhost:8081/realms/demo").build();
    }

    @Test
    void buildWhenIssuerHasQueryThenRejected() {
        assertTrue(problems(valid().set(InitParam.ISSUER, "https://op.example.com/?x=1")).contains("query"));
    }

    @Test
    void buildWhenResponseTypeInAnyOrderThenParsed() {
        assertEquals(ResponseType.CODE_ID_TOKEN_TOKEN,
                valid().set(InitParam.RESPONSE_TYPE, "token id_token code").build().client().responseType());
        assertEquals(ResponseType.CODE, valid().set(InitParam.RESPONSE_TYPE, "code").build().client().responseType());
    }

    @Test
    void buildWhenScopeLacksOpenidThenRejected() {
        assertTrue(problems(valid().set(InitParam.SCOPE, "profile email")).contains("must contain 'openid'"));
    }

    @Test
    void buildWhenNoSecretThenPublicClient() {
        OidcConfig config = OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com")
                .set(InitParam.CLIENT_ID, "spa").build();
        assertEquals(ClientAuth.NONE, config.client().clientAuth());
        assertTrue(config.client().clientSecret().isEmpty());
    }

    @Test
    void buildWhenUnknownClientAuthThenRejected() {
        assertTrue(problems(valid().set(InitParam.CLIENT_AUTH, "private_key_jwt")).contains("client-auth"));
    }

    @Test
    void buildWhenAuth0ParamsThenAuthorizationParamsInOrder() {
        OidcConfig config = valid().set(InitParam.AUDIENCE, "https://api.example.com")
                .set(InitParam.ORGANIZATION, "org_123").set(InitParam.PROMPT, "login").set(InitParam.MAX_AGE, "3600")
                .set(InitParam.EXTRA_AUTH_PARAMS, "connection=github&screen_hint=sign%20up").build();
        assertEquals(List.of("audience", "organization", "prompt", "max_age", "connection", "screen_hint"),
                List.copyOf(config.client().authorizationParams().keySet()));
        assertEquals("sign up", config.client().authorizationParams().get("screen_hint"));
        assertEquals(3600L, config.client().maxAgeSeconds().orElseThrow());
    }

    @Test
    void buildWhenExtraParamsOverrideProtocolParamsThenRejected() {
        String problems = problems(valid().set(InitParam.EXTRA_AUTH_PARAMS, "redirect_uri=https://evil.example&nonce=1"));
        assertTrue(problems.contains("'redirect_uri'") && problems.contains("'nonce'"), problems);
    }

    @Test
    void buildWhenCookieKeyShortThenRejected() {
        assertTrue(problems(valid().set(InitParam.COOKIE_KEYS, "short")).contains("cookie-keys"));
    }

    @Test
    void buildWhenSeveralCookieKeysThenAllKeptInOrder() {
        String a = "a".repeat(32);
        String b = "b".repeat(40);
        assertEquals(List.of(a, b), valid().set(InitParam.COOKIE_KEYS, a + ", " + b).build().session().cookieKeys());
    }

    @Test
    void buildWhenRefreshScopeWidensTheScopeThenRejected() {
        assertTrue(problems(valid().set(InitParam.REFRESH_SCOPE, "openid admin")).contains("refresh-scope"));
        assertEquals("openid", valid().set(InitParam.REFRESH_SCOPE, "openid").build().client().refreshScope().orElseThrow());
    }

    @Test
    void buildWhenHmacOrNoneAlgorithmConfiguredThenRejected() {
        String problems = problems(valid().set(InitParam.ID_TOKEN_ALGORITHMS, "RS256,HS256,none"));
        assertTrue(problems.contains("'HS256'") && problems.contains("'none'"), problems);
    }

    @Test
    void buildWhenPathsInvalidThenRejected() {
        String problems = problems(valid().set(InitParam.REDIRECT_PATH, "callback")
                .set(InitParam.EXCLUDE_PATHS, "/public/*, /a*b"));
        assertTrue(problems.contains("redirect-path") && problems.contains("'/a*b'"), problems);
    }

    @Test
    void buildWhenNumbersOutOfRangeThenRejected() {
        String problems = problems(valid().set(InitParam.CLOCK_SKEW, "-1").set(InitParam.READ_TIMEOUT, "ten"));
        assertTrue(problems.contains("clock-skew") && problems.contains("read-timeout"), problems);
    }

    @Test
    void buildWhenBaseUrlHasTrailingSlashThenStripped() {
        assertEquals("https://app.example.com/shop",
                valid().set(InitParam.BASE_URL, "https://app.example.com/shop/").build().paths().baseUrl().orElseThrow());
    }

    @Test
    void storesDefaultToHttpSessionAndLocalStateWithoutCookieKeys() {
        OidcConfig config = valid().build();
        assertEquals(SessionStoreKind.HTTP_SESSION, config.session().store());
        assertEquals(SharedStateKind.LOCAL, config.session().sharedState());
        assertEquals(Duration.ofSeconds(1800), config.session().timeout());
        assertEquals("oidc-hybrid-", config.session().jcache().prefix());
        assertTrue(config.session().jcache().provider().isEmpty() && config.session().jcache().uri().isEmpty());
    }

    @Test
    void sessionStoreCookieWithoutCookieKeysIsRefused() {
        String problems = problems(valid().set(InitParam.SESSION_STORE, "cookie"));
        assertTrue(problems.contains("cookie-keys is required with session-store=cookie"), problems);
        assertEquals(SessionStoreKind.COOKIE,
                valid().set(InitParam.SESSION_STORE, "cookie").set(InitParam.COOKIE_KEYS, COOKIE_KEY).build()
                        .session().store());
    }

    @Test
    void sessionStoreJCacheWithoutCookieKeysIsRefused() {
        String problems = problems(valid().set(InitParam.SESSION_STORE, "jcache"));
        assertTrue(problems.contains("cookie-keys is required with session-store=jcache"), problems);
    }

    @Test
    void sharedStateJCacheWithoutCookieKeysIsRefused() {
        String problems = problems(valid().set(InitParam.SHARED_STATE, "jcache"));
        assertTrue(problems.contains("cookie-keys is required") && problems.contains("shared-state=jcache"), problems);
        OidcConfig config = valid().set(InitParam.SHARED_STATE, "jcache").set(InitParam.COOKIE_KEYS, COOKIE_KEY).build();
        assertEquals(SessionStoreKind.HTTP_SESSION, config.session().store());
        assertEquals(SharedStateKind.JCACHE, config.session().sharedState());
    }

    @Test
    void sharedStateLocalWithJCacheStoreIsRefused() {
        String problems = problems(valid().set(InitParam.SESSION_STORE, "jcache").set(InitParam.SHARED_STATE, "local")
                .set(InitParam.COOKIE_KEYS, COOKIE_KEY));
        assertTrue(problems.contains("shared-state must be jcache with session-store=jcache"), problems);
    }

    @Test
    void sharedStateLocalWithCookieStoreIsAccepted() {
        OidcConfig config = valid().set(InitParam.SESSION_STORE, "cookie").set(InitParam.SHARED_STATE, "local")
                .set(InitParam.COOKIE_KEYS, COOKIE_KEY).build();
        assertEquals(SharedStateKind.LOCAL, config.session().sharedState());
    }

    @Test
    void unknownSessionStoreIsRefused() {
        String problems = problems(valid().set(InitParam.SESSION_STORE, "redis").set(InitParam.COOKIE_KEYS, COOKIE_KEY));
        assertTrue(problems.contains("session-store must be http-session, cookie or jcache"), problems);
        assertTrue(problems(valid().set(InitParam.SESSION_STORE, "JCACHE").set(InitParam.COOKIE_KEYS, COOKIE_KEY))
                .contains("session-store"), "values are case-sensitive");
    }

    @Test
    void unknownSharedStateIsRefused() {
        String problems = problems(valid().set(InitParam.SHARED_STATE, "memcached").set(InitParam.COOKIE_KEYS, COOKIE_KEY));
        assertTrue(problems.contains("shared-state must be local or jcache"), problems);
    }

    @Test
    void sharedStateDefaultsToJCacheForJCacheStore() {
        OidcConfig config = valid().set(InitParam.SESSION_STORE, "jcache").set(InitParam.COOKIE_KEYS, COOKIE_KEY).build();
        assertEquals(SessionStoreKind.JCACHE, config.session().store());
        assertEquals(SharedStateKind.JCACHE, config.session().sharedState());
    }

    @Test
    void sharedStateDefaultsToLocalForCookieStore() {
        OidcConfig config = valid().set(InitParam.SESSION_STORE, "cookie").set(InitParam.COOKIE_KEYS, COOKIE_KEY).build();
        assertEquals(SharedStateKind.LOCAL, config.session().sharedState());
    }

    @Test
    void bearerModeDoesNotNeedCookieKeysForClusterStores() {
        OidcConfig.Builder bearer = OidcConfig.builder().set(InitParam.MODE, "bearer")
                .set(InitParam.ISSUER, "https://tenant.eu.auth0.com/").set(InitParam.AUDIENCE, "https://api.example.com");
        OidcConfig config = bearer.set(InitParam.SESSION_STORE, "jcache").set(InitParam.SHARED_STATE, "jcache").build();
        assertTrue(config.bearer().enabled());
        assertTrue(config.session().cookieKeys().isEmpty());
        bearer.set(InitParam.SESSION_STORE, "cookie").build();
    }

    @Test
    void containerAuthIsOffByDefaultAndIsRefusedInBearerModeAndWhenNotABoolean() {
        assertFalse(valid().build().session().containerAuth());
        assertTrue(valid().set(InitParam.CONTAINER_AUTH, "true").build().session().containerAuth());
        assertTrue(problems(valid().set(InitParam.CONTAINER_AUTH, "yes")).contains("container-auth"));
        OidcConfig.Builder bearer = OidcConfig.builder().set(InitParam.MODE, "bearer")
                .set(InitParam.ISSUER, "https://tenant.eu.auth0.com/").set(InitParam.AUDIENCE, "https://api.example.com");
        assertTrue(problems(bearer.set(InitParam.CONTAINER_AUTH, "true")).contains("container-auth is for session mode"));
    }

    @Test
    void preservePostIsOffByDefaultBoundedAndRefusedInBearerMode() {
        assertFalse(valid().build().session().preservePost().enabled());
        assertEquals(1024, valid().build().session().preservePost().maxBytes());
        assertTrue(valid().set(InitParam.PRESERVE_POST, "true").build().session().preservePost().enabled());
        assertEquals(2048, valid().set(InitParam.PRESERVE_POST_MAX_BYTES, "2048").build().session().preservePost()
                .maxBytes());
        assertTrue(problems(valid().set(InitParam.PRESERVE_POST_MAX_BYTES, "2049")).contains("preserve-post-max-bytes"));
        assertTrue(problems(valid().set(InitParam.PRESERVE_POST_MAX_BYTES, "0")).contains("preserve-post-max-bytes"));
        assertTrue(problems(valid().set(InitParam.PRESERVE_POST, "yes")).contains("preserve-post"));
        OidcConfig.Builder bearer = OidcConfig.builder().set(InitParam.MODE, "bearer")
                .set(InitParam.ISSUER, "https://tenant.eu.auth0.com/").set(InitParam.AUDIENCE, "https://api.example.com");
        assertTrue(problems(bearer.set(InitParam.PRESERVE_POST, "true")).contains("preserve-post is for session mode"));
    }

    @Test
    void optionalPathsWhenBearerModeOrNotAPathPatternThenRefused() {
        assertTrue(valid().build().paths().optionalPaths().patterns().isEmpty());
        assertTrue(valid().set(InitParam.OPTIONAL_PATHS, "/, /home/*").build().paths().optionalPaths().matches("/home/x"));
        assertTrue(problems(valid().set(InitParam.OPTIONAL_PATHS, "/home*")).contains("optional-paths entry '/home*'"));
        OidcConfig.Builder bearer = OidcConfig.builder().set(InitParam.MODE, "bearer")
                .set(InitParam.ISSUER, "https://tenant.eu.auth0.com/").set(InitParam.AUDIENCE, "https://api.example.com");
        bearer.build();
        assertTrue(problems(bearer.set(InitParam.OPTIONAL_PATHS, "/")).contains("optional-paths is for session mode"));
    }

    @Test
    void dpopNonceIsOffByDefaultAndTakesTrueOrFalseOnly() {
        OidcConfig.Builder bearer = OidcConfig.builder().set(InitParam.MODE, "bearer")
                .set(InitParam.ISSUER, "https://tenant.eu.auth0.com/").set(InitParam.AUDIENCE, "https://api.example.com");
        assertFalse(bearer.build().bearer().dpopNonce());
        assertTrue(bearer.set(InitParam.DPOP_NONCE, "true").build().bearer().dpopNonce());
        assertTrue(problems(bearer.set(InitParam.DPOP_NONCE, "sometimes")).contains("dpop-nonce"));
    }

    @Test
    void dpopWhenNoResponseTypeIsSetThenTheCodeFlowElseTheOneSet() {
        assertEquals(ResponseType.CODE_ID_TOKEN, valid().build().client().responseType(), "the default without DPoP");
        assertEquals(ResponseType.CODE, valid().set(InitParam.DPOP, "true").build().client().responseType());
        assertEquals(ResponseType.CODE, valid().set(InitParam.DPOP, "optional").build().client().responseType());
        assertEquals(ResponseType.CODE_TOKEN, valid().set(InitParam.DPOP, "optional")
                .set(InitParam.RESPONSE_TYPE, "code token").build().client().responseType(), "another one is kept");
    }

    @Test
    void dpopWhenTheResponseTypeHasAFrontChannelAccessTokenThenRefused() {
        for (String responseType : new String[] {"code token", "code id_token token"}) {
            String problems = problems(valid().set(InitParam.DPOP, "true").set(InitParam.RESPONSE_TYPE, responseType));
            assertTrue(problems.contains("response-type") && problems.contains("cannot be DPoP-bound"), problems);
            // optional takes Bearer tokens anyway
            assertEquals(responseType, valid().set(InitParam.DPOP, "optional").set(InitParam.RESPONSE_TYPE,
                    responseType).build().client().responseType().value());
        }
    }

    @Test
    void sessionTimeoutOutOfRangeIsRefused() {
        for (String value : new String[] {"119", "2592001", "-1", "half an hour"}) {
            assertTrue(problems(valid().set(InitParam.SESSION_TIMEOUT, value)).contains("session-timeout"), value);
        }
        assertEquals(Duration.ofSeconds(120), valid().set(InitParam.SESSION_TIMEOUT, "120").build().session().timeout());
        assertEquals(Duration.ofDays(30), valid().set(InitParam.SESSION_TIMEOUT, "2592000").build().session().timeout());
    }

    @Test
    void jcacheUriThatIsNotAUriIsRefused() {
        String problems = problems(valid().set(InitParam.SESSION_STORE, "jcache").set(InitParam.COOKIE_KEYS, COOKIE_KEY)
                .set(InitParam.JCACHE_URI, "file:/etc/my cache.xml"));
        assertTrue(problems.contains("jcache-uri is not a valid URI"), problems);
        OidcConfig config = valid().set(InitParam.SESSION_STORE, "jcache").set(InitParam.COOKIE_KEYS, COOKIE_KEY)
                .set(InitParam.JCACHE_URI, "classpath:hazelcast.xml").set(InitParam.JCACHE_PREFIX, "app1-")
                .set(InitParam.JCACHE_PROVIDER, "com.hazelcast.cache.HazelcastMemberCachingProvider").build();
        assertEquals("classpath:hazelcast.xml", config.session().jcache().uri().orElseThrow());
        assertEquals("app1-", config.session().jcache().prefix());
        assertEquals("com.hazelcast.cache.HazelcastMemberCachingProvider", config.session().jcache().provider().orElseThrow());
    }

    @Test
    void initParamsWhenAllThreeSourcesSetThenEnvironmentWinsThenSystemProperty() {
        Map<String, String> web = Map.of("client-id", "from-web", "scope", "openid web", "prompt", "login");
        Map<String, String> sys = Map.of("oidc.client-id", "from-sys", "oidc.scope", "openid sys");
        Map<String, String> env = Map.of("OIDC_CLIENT_ID", "from-env");
        InitParams params = new InitParams(web::get, sys::get, env::get);
        assertEquals("from-env", params.get(InitParam.CLIENT_ID).orElseThrow());
        assertEquals("openid sys", params.get(InitParam.SCOPE).orElseThrow());
        assertEquals("login", params.get(InitParam.PROMPT).orElseThrow());
        assertEquals("code id_token", params.get(InitParam.RESPONSE_TYPE).orElseThrow());
        assertTrue(params.get(InitParam.AUDIENCE).isEmpty());
    }

    @Test
    void initParamsWhenEnvironmentValueBlankThenNextSourceUsed() {
        InitParams params = new InitParams(Map.of("client-id", "from-web")::get, k -> null,
                Map.of("OIDC_CLIENT_ID", "  ")::get);
        assertEquals("from-web", params.get(InitParam.CLIENT_ID).orElseThrow());
    }

    @Test
    void environmentVariableNamesFollowTheDocumentedScheme() {
        assertEquals("OIDC_CLIENT_ID", InitParam.CLIENT_ID.environmentVariable());
        assertEquals("oidc.extra-auth-params", InitParam.EXTRA_AUTH_PARAMS.systemProperty());
    }
}
