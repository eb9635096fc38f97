package dev.oidchybrid.filter.internal.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each typed reader: what it makes of a good value, and the one problem text it reports for a bad one. */
class ParamReaderTest {

    private static ParamReader reader(InitParam param, String value) {
        return new ParamReader(Map.of(param, value));
    }

    @Test
    void requiredWhenUnsetThenNamesEverySource() {
        ParamReader reader = new ParamReader(Map.of());
        assertNull(reader.required(InitParam.ISSUER));
        assertEquals(List.of("issuer is required (init-param 'issuer', system property 'oidc.issuer' or environment "
                + "variable 'OIDC_ISSUER')"), reader.problems());
    }

    @Test
    void choiceWhenUnknownValueThenReportsTheMessageAndReadsNull() {
        ParamReader reader = reader(InitParam.SESSION_STORE, "redis");
        assertNull(reader.choice(InitParam.SESSION_STORE, SessionStoreKind::parse, "must be one of them"));
        assertEquals(List.of("session-store must be one of them"), reader.problems());
        assertEquals(SessionStoreKind.COOKIE, reader(InitParam.SESSION_STORE, "cookie")
                .choice(InitParam.SESSION_STORE, SessionStoreKind::parse, "x"));
    }

    @Test
    void boolWhenNeitherTrueNorFalseThenReported() {
        ParamReader reader = reader(InitParam.USERINFO, "yes");
        assertFalse(reader.bool(InitParam.USERINFO));
        assertEquals(List.of("userinfo must be true or false"), reader.problems());
        assertTrue(reader(InitParam.USERINFO, "TRUE").bool(InitParam.USERINFO));
    }

    @Test
    void optionalLongWhenNotANumberThenReported() {
        ParamReader reader = reader(InitParam.MAX_AGE, "an hour");
        assertEquals(Optional.empty(), reader.optionalLong(InitParam.MAX_AGE, 0, 10));
        assertEquals(List.of("max-age must be a whole number"), reader.problems());
    }

    @Test
    void optionalLongWhenOutOfBoundsThenReported() {
        ParamReader reader = reader(InitParam.MAX_AGE, "11");
        assertEquals(Optional.empty(), reader.optionalLong(InitParam.MAX_AGE, 0, 10));
        assertEquals(List.of("max-age must be between 0 and 10"), reader.problems());
        assertEquals(Optional.of(10L), reader(InitParam.MAX_AGE, "10").optionalLong(InitParam.MAX_AGE, 0, 10));
        assertEquals(Optional.empty(), new ParamReader(Map.of()).optionalLong(InitParam.MAX_AGE, 0, 10));
    }

    @Test
    void boundedIntWhenOutOfBoundsThenReportedAndTheDefaultRead() {
        ParamReader reader = reader(InitParam.MAX_PENDING_LOGINS, "21");
        assertEquals(5, reader.boundedInt(InitParam.MAX_PENDING_LOGINS, 1, 20));
        assertEquals(List.of("max-pending-logins must be between 1 and 20"), reader.problems());
    }

    @Test
    void secondsWhenBadThenReportedAndTheDefaultRead() {
        ParamReader reader = reader(InitParam.CLOCK_SKEW, "601");
        assertEquals(Duration.ofSeconds(60), reader.seconds(InitParam.CLOCK_SKEW, 0, 600));
        assertEquals(List.of("clock-skew must be between 0 and 600"), reader.problems());
        assertEquals(Duration.ofSeconds(30), reader(InitParam.CLOCK_SKEW, "30").seconds(InitParam.CLOCK_SKEW, 0, 600));
    }

    @Test
    void millisWhenBadThenReportedAndTheDefaultRead() {
        ParamReader reader = reader(InitParam.READ_TIMEOUT, "ten");
        assertEquals(Duration.ofMillis(10_000), reader.millis(InitParam.READ_TIMEOUT, 1, 300_000));
        assertEquals(List.of("read-timeout must be a whole number"), reader.problems());
        assertEquals(Duration.ofMillis(250), reader(InitParam.READ_TIMEOUT, "250").millis(InitParam.READ_TIMEOUT, 1, 300_000));
    }

    @Test
    void commaListWhenEntriesPaddedOrEmptyThenTrimmedAndEmptyOnesLeftOut() {
        assertEquals(List.of("/a", "/b/*"), reader(InitParam.EXCLUDE_PATHS, " /a ,, /b/* ,").commaList(InitParam.EXCLUDE_PATHS));
        assertEquals(List.of(), new ParamReader(Map.of()).commaList(InitParam.EXCLUDE_PATHS));
        assertEquals(List.of("/a=x", "*=y"), reader(InitParam.REQUIRED_SCOPES, "/a=x ; ;*=y")
                .entries(InitParam.REQUIRED_SCOPES, ";"));
    }

    @Test
    void pairsWhenEntryHasNoNameThenReported() {
        ParamReader reader = reader(InitParam.JCACHE_PROPERTIES, "a = 1, =2, b, c=x=y");
        assertEquals(Map.of("a", "1", "c", "x=y"), reader.pairs(InitParam.JCACHE_PROPERTIES));
        assertEquals(List.of("jcache-properties entry '=2' is not name=value",
                "jcache-properties entry 'b' is not name=value"), reader.problems());
    }

    @Test
    void queryPairsWhenBadPercentEncodingOrNoNameThenReported() {
        ParamReader reader = reader(InitParam.EXTRA_AUTH_PARAMS, "a=1&&b=x%20y&c=%zz&d&a=2");
        assertEquals(List.of(Map.entry("a", "1"), Map.entry("b", "x y"), Map.entry("a", "2")),
                reader.queryPairs(InitParam.EXTRA_AUTH_PARAMS));
        assertEquals(List.of("extra-auth-params entry 'c=%zz' is not valid percent-encoding",
                "extra-auth-params entry 'd' is not name=value"), reader.problems());
    }

    @Test
    void pathWhenNotAPlainContextPathThenReported() {
        for (String bad : new String[] {"callback", "//evil.example/cb", "/a?x=1", "/a#f", "/a/../b", "/a\\b"}) {
            ParamReader reader = reader(InitParam.REDIRECT_PATH, bad);
            assertNull(reader.path(InitParam.REDIRECT_PATH), bad);
            assertEquals(List.of("redirect-path must be a plain path starting with '/', relative to the context"),
                    reader.problems(), bad);
        }
        assertEquals("/cb", reader(InitParam.REDIRECT_PATH, "/cb").path(InitParam.REDIRECT_PATH));
    }

    @Test
    void urlWhenNotAbsoluteHttpThenReported() {
        for (String bad : new String[] {"/relative", "ftp://op.example", "https:opaque"}) {
            ParamReader reader = reader(InitParam.BASE_URL, bad);
            assertEquals(Optional.empty(), reader.url(InitParam.BASE_URL), bad);
            assertEquals(List.of("base-url must be an absolute http(s) URL"), reader.problems(), bad);
        }
        assertEquals(Optional.of(URI.create("https://app.example/shop")),
                reader(InitParam.BASE_URL, "https://app.example/shop").url(InitParam.BASE_URL));
    }

    @Test
    void urlWhenNotAUrlThenReported() {
        ParamReader reader = reader(InitParam.BASE_URL, "https://app example");
        assertEquals(Optional.empty(), reader.url(InitParam.BASE_URL));
        assertEquals(List.of("base-url is not a valid URL"), reader.problems());
    }

    @Test
    void httpsUnlessLoopbackWhenPlainHttpOnAPublicHostThenReported() {
        ParamReader reader = new ParamReader(Map.of());
        reader.httpsUnlessLoopback(InitParam.ISSUER, URI.create("http://op.example"));
        reader.httpsUnlessLoopback(InitParam.ISSUER, URI.create("http://localhost:8080"));
        reader.httpsUnlessLoopback(InitParam.ISSUER, URI.create("http://127.0.0.1"));
        reader.httpsUnlessLoopback(InitParam.ISSUER, URI.create("https://op.example"));
        assertEquals(List.of("issuer must use https (http is accepted only for localhost / 127.0.0.1)"),
                reader.problems());
    }

    @Test
    void uriWhenNotValidSyntaxThenReported() {
        ParamReader reader = reader(InitParam.JCACHE_URI, "file:/etc/my cache.xml");
        assertEquals(Optional.empty(), reader.uri(InitParam.JCACHE_URI));
        assertEquals(List.of("jcache-uri is not a valid URI"), reader.problems());
        assertEquals(Optional.of("classpath:x.xml"), reader(InitParam.JCACHE_URI, "classpath:x.xml").uri(InitParam.JCACHE_URI));
    }

    @Test
    void problemsWhenSeveralThenAllKeptInOrder() {
        ParamReader reader = new ParamReader(Map.of(InitParam.USERINFO, "maybe", InitParam.CLOCK_SKEW, "-1"));
        reader.bool(InitParam.USERINFO);
        reader.seconds(InitParam.CLOCK_SKEW, 0, 600);
        reader.problem("a and b must differ");
        assertEquals(List.of("userinfo must be true or false", "clock-skew must be between 0 and 600",
                "a and b must differ"), reader.problems());
    }
}
