package dev.oidchybrid.filter.internal.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which source each parameter comes from when several filter instances share one environment: instance-scoped
 * variables first, and no global variable changes what an instance protects once its web.xml says it.
 */
class InitParamsTest {

    /** The sample's bearer filter: its web.xml sets mode, audience and required scopes, but no exclusions. */
    private static final Map<String, String> API_WEB_XML = Map.of("mode", "bearer", "audience", "appointments:api",
            "required-scopes", "/api/appointments/*=read:appointments");

    private static InitParams params(String filterName, Map<String, String> webXml, Map<String, String> sys,
                                     Map<String, String> env) {
        return new InitParams(filterName, webXml::get, sys::get, env::get);
    }

    @Test
    void globalExcludePathsWhenInstanceWebXmlSetsItThenIgnoredAndReported() {
        InitParams login = params("oidc", Map.of("exclude-paths", "/public/*"), Map.of(),
                Map.of("OIDC_EXCLUDE_PATHS", "/public/*, /api/*"));
        assertEquals(Optional.of("/public/*"), login.get(InitParam.EXCLUDE_PATHS));
        assertEquals(List.of("OIDC_EXCLUDE_PATHS"), login.ignoredGlobals());
    }

    @Test
    void globalModeAndRequiredScopesWhenInstanceWebXmlSetsThemThenIgnored() {
        InitParams api = params("oidc-api", API_WEB_XML, Map.of("oidc.required-scopes", "/x=y", "oidc.mode", "session"),
                Map.of("OIDC_MODE", "session", "OIDC_REQUIRED_SCOPES", "/nothing=x"));
        assertEquals(Optional.of("bearer"), api.get(InitParam.MODE));
        assertEquals(Optional.of("/api/appointments/*=read:appointments"), api.get(InitParam.REQUIRED_SCOPES));
        assertTrue(api.ignoredGlobals().containsAll(List.of("OIDC_MODE", "oidc.mode", "OIDC_REQUIRED_SCOPES",
                "oidc.required-scopes")), api.ignoredGlobals().toString());
    }

    @Test
    void globalExcludePathsWhenInstanceWebXmlSetsModeThenIgnored() {
        // the review's leak: the login filter's OIDC_EXCLUDE_PATHS="/public/*, /api/*" opened the bearer API
        InitParams api = params("oidc-api", API_WEB_XML, Map.of(), Map.of("OIDC_EXCLUDE_PATHS", "/public/*, /api/*"));
        assertEquals(Optional.empty(), api.get(InitParam.EXCLUDE_PATHS));
        assertEquals(List.of("OIDC_EXCLUDE_PATHS"), api.ignoredGlobals());
    }

    @Test
    void globalOptionalPathsWhenInstanceWebXmlSetsModeThenIgnored() {
        // a login filter's OIDC_OPTIONAL_PATHS must neither open nor break the bearer API
        InitParams api = params("oidc-api", API_WEB_XML, Map.of(), Map.of("OIDC_OPTIONAL_PATHS", "/*"));
        assertEquals(Optional.empty(), api.get(InitParam.OPTIONAL_PATHS));
        assertEquals(List.of("OIDC_OPTIONAL_PATHS"), api.ignoredGlobals());
    }

    @Test
    void globalAudienceWhenBearerInstanceSetsItsOwnThenIgnoredButStillAppliesToTheLoginFilter() {
        Map<String, String> env = Map.of("OIDC_AUDIENCE", "https://other-api.example", "OIDC_ACCESS_TOKEN_TYPES", "at+jwt");
        InitParams api = params("oidc-api", Map.of("mode", "bearer", "audience", "appointments:api",
                "access-token-types", "at+jwt, jwt"), Map.of(), env);
        assertEquals(Optional.of("appointments:api"), api.get(InitParam.AUDIENCE));
        assertEquals(Optional.of("at+jwt, jwt"), api.get(InitParam.ACCESS_TOKEN_TYPES));
        InitParams login = params("oidc", Map.of("exclude-paths", "/public/*", "audience", "appointments:api"),
                Map.of(), env);
        assertEquals(Optional.of("https://other-api.example"), login.get(InitParam.AUDIENCE),
                "for a login filter audience is only an authorization parameter");
    }

    @Test
    void globalExcludePathsWhenInstanceVariableSetsModeThenIgnored() {
        InitParams api = params("oidc-api", Map.of(), Map.of(), Map.of("OIDC_OIDC_API_MODE", "bearer",
                "OIDC_EXCLUDE_PATHS", "/*"));
        assertEquals(Optional.of("bearer"), api.get(InitParam.MODE));
        assertEquals(Optional.empty(), api.get(InitParam.EXCLUDE_PATHS));
    }

    @Test
    void globalExcludePathsWhenInstanceWebXmlIsSilentThenStillApplies() {
        // an operator may still exclude paths by environment for a filter whose web.xml says nothing (drop-in)
        InitParams dropIn = params("oidc", Map.of(), Map.of(), Map.of("OIDC_EXCLUDE_PATHS", "/health"));
        assertEquals(Optional.of("/health"), dropIn.get(InitParam.EXCLUDE_PATHS));
        assertEquals(Optional.of("OIDC_EXCLUDE_PATHS"), dropIn.source(InitParam.EXCLUDE_PATHS));
    }

    @Test
    void instanceVariableWhenSetThenWinsOverGlobalAndWebXml() {
        InitParams api = params("oidc-api", API_WEB_XML, Map.of("oidc.oidc-api.audience", "from-property"),
                Map.of("OIDC_OIDC_API_EXCLUDE_PATHS", "/api/health", "OIDC_AUDIENCE", "global",
                        "OIDC_OIDC_API_REQUIRED_SCOPES", "*=api"));
        assertEquals(Optional.of("/api/health"), api.get(InitParam.EXCLUDE_PATHS));
        assertEquals(Optional.of("*=api"), api.get(InitParam.REQUIRED_SCOPES), "instance-scoped may change bound ones");
        assertEquals(Optional.of("from-property"), api.get(InitParam.AUDIENCE),
                "an instance-scoped property wins over a global variable");
        InitParams byProperty = params("oidc-api", API_WEB_XML, Map.of("oidc.oidc-api.audience", "from-property"),
                Map.of());
        assertEquals(Optional.of("from-property"), byProperty.get(InitParam.AUDIENCE));
        assertEquals(Optional.of("oidc.oidc-api.audience"), byProperty.source(InitParam.AUDIENCE));
    }

    @Test
    void instanceVariableWhenOfAnotherInstanceThenNotRead() {
        InitParams login = params("oidc", Map.of("exclude-paths", "/public/*"), Map.of(),
                Map.of("OIDC_OIDC_API_EXCLUDE_PATHS", "/*"));
        assertEquals(Optional.of("/public/*"), login.get(InitParam.EXCLUDE_PATHS));
    }

    @Test
    void instanceVariableWhenItSpellsAGlobalParameterThenNotReadAsTheInstances() {
        // filter "refresh" + "scope" would be OIDC_REFRESH_SCOPE, which is the global refresh-scope
        InitParams refresh = params("refresh", Map.of(), Map.of(), Map.of("OIDC_REFRESH_SCOPE", "openid"));
        assertEquals(Optional.of("openid profile email"), refresh.get(InitParam.SCOPE));
        assertEquals(Optional.of("openid"), refresh.get(InitParam.REFRESH_SCOPE));
    }

    @Test
    void describeSourcesWhenSecretsSetThenNamesOnlyNeverValues() {
        InitParams p = params("oidc", Map.of("issuer", "https://op.example"), Map.of(),
                Map.of("OIDC_CLIENT_SECRET", "s3cr3t-value", "OIDC_OIDC_COOKIE_KEYS", "k".repeat(40)));
        String line = p.describeSources();
        assertTrue(line.contains("issuer=web.xml"), line);
        assertTrue(line.contains("client-secret=OIDC_CLIENT_SECRET"), line);
        assertTrue(line.contains("cookie-keys=OIDC_OIDC_COOKIE_KEYS"), line);
        assertFalse(line.contains("s3cr3t") || line.contains("kkkk") || line.contains("op.example"), line);
    }

    @Test
    void describeSourcesWhenPropertyOrVariableReplacesWebXmlThenSaysOverWebXml() {
        InitParams p = params("oidc", Map.of("roles-claim", "groups", "scope", "openid", "issuer", "https://op.example"),
                Map.of("oidc.roles-claim", "https://example.com/roles", "oidc.client-id", "app"),
                Map.of("OIDC_SCOPE", "openid email"));

        String line = p.describeSources();

        assertTrue(line.contains("roles-claim=oidc.roles-claim over web.xml"), line);
        assertTrue(line.contains("scope=OIDC_SCOPE over web.xml"), line);
        assertTrue(line.contains("issuer=web.xml,") || line.endsWith("issuer=web.xml"), line);
        assertTrue(line.contains("client-id=oidc.client-id") && !line.contains("client-id=oidc.client-id over"), line);
        assertEquals(java.util.Set.of(InitParam.ROLES_CLAIM, InitParam.SCOPE), p.overridingWebXml());
        assertFalse(line.contains("example.com") || line.contains("groups"), line);
    }

    @Test
    void instanceVariableNameWhenFilterNameHasPunctuationThenUnderscores() {
        assertEquals("OIDC_MY_API_V2_MODE", InitParams.instanceVariable("my-api.v2", InitParam.MODE));
        assertEquals("oidc.my-api.v2.mode", InitParams.instanceProperty("my-api.v2", InitParam.MODE));
    }
}
