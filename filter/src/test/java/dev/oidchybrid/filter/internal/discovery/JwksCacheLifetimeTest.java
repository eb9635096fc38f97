package dev.oidchybrid.filter.internal.discovery;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestIdTokens;
import dev.oidchybrid.filter.testing.TestKeys;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How long a fetched JWKS is trusted: what its response's Cache-Control says, capped (a key the provider removed
 * must not stay trusted for a day), with a floor (no-store must not mean one fetch per token).
 */
class JwksCacheLifetimeTest {

    private static final long NOW = 1_800_000_000L;
    private static final Duration FLOOR = Duration.ofMinutes(1);
    private static final Duration CAP = Duration.ofHours(1);

    private final MutableClock clock = MutableClock.at(NOW);
    private final AtomicInteger fetches = new AtomicInteger();

    private JwksKeyResolver resolver(Duration maxAge) {
        return JwksKeyResolver.honouringCacheHeaders(() -> {
            fetches.incrementAndGet();
            return new JwksDocument(TestKeys.jwks(TestKeys.RSA), maxAge);
        }, clock, FLOOR, CAP);
    }

    private static JsonWebSignature token() throws JoseException {
        return (JsonWebSignature) JsonWebStructure.fromCompactSerialization(TestIdTokens.at(NOW).build());
    }

    /** The number of fetches after a use now and a use {@code laterSeconds} on. */
    private int fetchesOver(JwksKeyResolver resolver, long laterSeconds) throws Exception {
        resolver.resolveKey(token(), List.of());
        clock.advance(Duration.ofSeconds(laterSeconds));
        resolver.resolveKey(token(), List.of());
        return fetches.get();
    }

    @ParameterizedTest(name = "max-age {0} s, used again after {1} s: {2} fetch(es)")
    @CsvSource({
            "120, 119, 1", "120, 121, 2",       // the response's own lifetime
            "86400, 3599, 1", "86400, 3601, 2", // capped at an hour
            "0, 59, 1", "0, 61, 2",             // no-store: the floor, not a fetch per token
    })
    void resolveKeyWhenCacheControlGivesALifetimeThenTheSetIsKeptThatLongWithinBounds(long maxAge, long later,
                                                                                     int expected) throws Exception {
        assertEquals(expected, fetchesOver(resolver(Duration.ofSeconds(maxAge)), later));
    }

    @Test
    void resolveKeyWhenNoCacheHeaderThenKeptForTheCap() throws Exception {
        assertEquals(1, fetchesOver(resolver(null), 3599));
        assertEquals(2, fetchesOver(resolver(null), 3601) - 1);
    }

    @Test
    void resolveKeyWhenKeyRemovedAtTheProviderThenUnknownAfterTheLifetime() throws Exception {
        String[] published = {TestKeys.jwks(TestKeys.RSA)};
        JwksKeyResolver resolver = JwksKeyResolver.honouringCacheHeaders(
                () -> new JwksDocument(published[0], Duration.ofMinutes(5)), clock, FLOOR, CAP);
        resolver.resolveKey(token(), List.of());
        published[0] = TestKeys.jwks(TestKeys.EC);
        clock.advance(Duration.ofMinutes(6));
        org.junit.jupiter.api.Assertions.assertThrows(UnresolvableKeyException.class,
                () -> resolver.resolveKey(token(), List.of()));
    }

    /** A resolver of a set kept five minutes, whose fetches (counted) fail while {@code down[0]}. */
    private JwksKeyResolver fiveMinuteSetUnless(boolean[] down) {
        return JwksKeyResolver.honouringCacheHeaders(() -> {
            fetches.incrementAndGet();
            if (down[0]) {
                throw new OidcException(ErrorCode.OP_UNAVAILABLE, "JWKS request answered HTTP 503", "");
            }
            return new JwksDocument(TestKeys.jwks(TestKeys.RSA), Duration.ofMinutes(5));
        }, clock, FLOOR, CAP);
    }

    @Test
    void resolveKeyWhenTheSetExpiredAndTheProviderIsDownThenTheKeysFetchedBeforeStillVerify() throws Exception {
        boolean[] down = {false};
        JwksKeyResolver resolver = fiveMinuteSetUnless(down);
        resolver.resolveKey(token(), List.of());
        down[0] = true;
        clock.advance(Duration.ofMinutes(6));

        resolver.resolveKey(token(), List.of());
        clock.advance(Duration.ofSeconds(1));
        resolver.resolveKey(token(), List.of());

        assertEquals(2, fetches.get(), "one failed attempt, then none during the cooldown");
        clock.advance(Duration.ofSeconds(10));
        down[0] = false;
        resolver.resolveKey(token(), List.of());
        assertEquals(3, fetches.get(), "tried again once the cooldown is over");
    }

    @Test
    void resolveKeyWhenTheProviderStaysDownLongerThanTheCapPastExpiryThenTheOldKeysAreTrustedNoMore()
            throws Exception {
        boolean[] down = {false};
        JwksKeyResolver resolver = fiveMinuteSetUnless(down);
        resolver.resolveKey(token(), List.of());
        down[0] = true;
        clock.advance(Duration.ofMinutes(5).plus(CAP).plusSeconds(1));

        org.junit.jupiter.api.Assertions.assertThrows(UnresolvableKeyException.class,
                () -> resolver.resolveKey(token(), List.of()));
        clock.advance(Duration.ofSeconds(1));
        org.junit.jupiter.api.Assertions.assertThrows(UnresolvableKeyException.class,
                () -> resolver.resolveKey(token(), List.of()), "nor during the cooldown");
    }

    @ParameterizedTest(name = "Cache-Control: {0}")
    @CsvSource(delimiter = '|', value = {
            "max-age=300 | 300",
            "public, max-age=86400, must-revalidate | 86400",
            "MAX-AGE=\"60\" | 60",
            "no-store | 0",
            "max-age=600, no-cache | 0",
            "max-age=-1 | ",
            "max-age=abc | ",
            "private | ",
    })
    void maxAgeWhenHeaderThenItsLifetimeOrNone(String header, Long seconds) {
        assertEquals(Optional.ofNullable(seconds).map(Duration::ofSeconds), JwksDocument.maxAge(header));
    }
}
