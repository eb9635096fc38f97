package dev.oidchybrid.filter.internal.discovery;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.observe.Telemetry;
import dev.oidchybrid.filter.internal.observe.Telemetry.JwksCause;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Resolves the verification key of a signed token from the provider's JWKS. The key set is cached; when a
 * token names a key the cache lacks (key rotation), the set is fetched again at once, but such unknown-key
 * refetches happen at most once per {@code minRefetchInterval}, so a flood of tokens with made-up
 * {@code kid}s cannot hammer the provider. The ordinary fetches (first use, cache expiry) do not count
 * against that limit, so a rotation right after the first fetch is still picked up.
 * A fetch that fails (the provider is down) leaves the set fetched before in use, for at most {@code maxCacheAge}
 * past its expiry, and is tried again after a short cooldown. Keys of unknown types in the set are ignored. With {@link #honouringCacheHeaders} the set is kept as long as
 * its response's {@code Cache-Control} says, within bounds.
 */
public final class JwksKeyResolver implements VerificationKeyResolver {

    private static final System.Logger LOG = System.getLogger(JwksKeyResolver.class.getName());
    private static final Duration FAILURE_COOLDOWN = Duration.ofSeconds(5);

    private final Supplier<JwksDocument> fetcher;
    private final Clock clock;
    private final Duration minRefetchInterval;
    private final Duration maxCacheAge;
    private final Telemetry telemetry;

    private volatile List<JsonWebKey> keys;
    private volatile Instant fetchedAt = Instant.MIN;
    /** How long the current set is kept: its response's Cache-Control, within [minRefetchInterval, maxCacheAge]. */
    private volatile Duration cacheAge;
    private volatile Instant unknownKeyRefetchAt = Instant.MIN;
    private Instant failedAt = Instant.MIN;

    /**
     * @param fetcher            returns the JWKS document (an HTTP GET of {@code jwks_uri}); may throw {@link OidcException}
     * @param minRefetchInterval least time between two fetches triggered by an unknown key
     * @param maxCacheAge        age after which the set is fetched again on next use
     */
    public JwksKeyResolver(Supplier<String> fetcher, Clock clock, Duration minRefetchInterval, Duration maxCacheAge) {
        this(clock, () -> new JwksDocument(fetcher.get(), null), minRefetchInterval, maxCacheAge, Telemetry.NONE);
    }

    /**
     * A resolver that honours the cache lifetime each JWKS response gives (a key the provider removed is trusted
     * no longer than it says), never longer than {@code maxCacheAge} (the default when it says nothing), never
     * shorter than {@code minRefetchInterval} (so {@code no-store} does not mean a fetch per token).
     */
    public static JwksKeyResolver honouringCacheHeaders(Supplier<JwksDocument> fetcher, Clock clock,
                                                        Duration minRefetchInterval, Duration maxCacheAge) {
        return honouringCacheHeaders(fetcher, clock, minRefetchInterval, maxCacheAge, Telemetry.NONE);
    }

    /** As {@link #honouringCacheHeaders(Supplier, Clock, Duration, Duration)}, telling each fetch and its cause. */
    public static JwksKeyResolver honouringCacheHeaders(Supplier<JwksDocument> fetcher, Clock clock,
                                                        Duration minRefetchInterval, Duration maxCacheAge,
                                                        Telemetry telemetry) {
        return new JwksKeyResolver(clock, fetcher, minRefetchInterval, maxCacheAge, telemetry);
    }

    private JwksKeyResolver(Clock clock, Supplier<JwksDocument> fetcher, Duration minRefetchInterval,
                            Duration maxCacheAge, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.fetcher = fetcher;
        this.clock = clock;
        this.minRefetchInterval = minRefetchInterval;
        this.maxCacheAge = maxCacheAge;
        this.cacheAge = maxCacheAge;
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext) throws UnresolvableKeyException {
        try {
            Instant now = clock.instant();
            Instant seen = fetchedAt;
            List<JsonWebKey> current = keys;
            if (current == null || now.isAfter(seen.plus(cacheAge))) {
                current = refresh(now, seen, current == null ? JwksCause.INITIAL : JwksCause.EXPIRED);
                seen = fetchedAt;
            }
            JsonWebKey key = select(jws, current);
            boolean refetched = false;
            if (key == null && claimUnknownKeyRefetch(now)) {
                LOG.log(System.Logger.Level.INFO, "no JWKS key matches the token's kid: fetching the key set again");
                current = refresh(now, seen, JwksCause.UNKNOWN_KID);
                key = select(jws, current);
                refetched = true;
            }
            if (key == null) {
                throw new UnresolvableKeyException("no key in the provider's JWKS matches the token's kid "
                        + describeKid(jws.getKeyIdHeaderValue()) + " and alg " + describeKid(
                        jws.getAlgorithmHeaderValue()) + " (the JWKS has kids " + kids(current) + ")"
                        + (refetched ? ", even after fetching the key set again: the provider signs with a key it "
                        + "does not publish at its jwks_uri (check that issuer names the right tenant)"
                        : ": not fetched again, the last refetch was less than " + minRefetchInterval.toSeconds()
                        + " s ago"));
            }
            return key.getKey();
        } catch (OidcException e) {
            throw new UnresolvableKeyException("the provider's JWKS could not be fetched", e);
        }
    }

    /**
     * The key set as health checks see it: fetched first when there is none yet or it has expired (with the same
     * limits as for tokens, so a poller cannot make the resolver fetch more often), never failing.
     *
     * @return when the set in use was fetched and how many keys it has; {@code fetchedAt} null when there is none
     */
    public KeySetState state() {
        Instant now = clock.instant();
        Instant seen = fetchedAt;
        List<JsonWebKey> current = keys;
        if (current == null || now.isAfter(seen.plus(cacheAge))) {
            try {
                current = refresh(now, seen, current == null ? JwksCause.INITIAL : JwksCause.EXPIRED);
            } catch (OidcException e) {
                // reported by the caller's provider error record; the cached set (if any) is still in use
                current = keys;
            }
        }
        return current == null ? new KeySetState(null, 0) : new KeySetState(fetchedAt, current.size());
    }

    /** @param fetchedAt when the key set was fetched, or null when none could be; {@code keyCount} is then 0 */
    public record KeySetState(Instant fetchedAt, int keyCount) {
    }

    /** A header value for the log: only if it is plainly an identifier (it comes from an untrusted token). */
    private static String describeKid(String value) {
        if (value == null) {
            return "(none)";
        }
        return value.length() <= 64 && value.matches("[A-Za-z0-9._~+/=-]*") ? "'" + value + "'" : "(not printable)";
    }

    private static String kids(List<JsonWebKey> keys) {
        return keys == null ? "[]" : keys.stream().map(k -> describeKid(k.getKeyId())).toList().toString();
    }

    /** Whether an unknown-key refetch may happen now; if so, records it (at most one per interval). */
    private synchronized boolean claimUnknownKeyRefetch(Instant now) {
        if (now.isBefore(unknownKeyRefetchAt.plus(minRefetchInterval))) {
            return false;
        }
        unknownKeyRefetchAt = now;
        return true;
    }

    /**
     * Fetches the key set unless another thread did since {@code seen}; a failed fetch is not retried
     * within {@code minRefetchInterval} either.
     */
    private synchronized List<JsonWebKey> refresh(Instant now, Instant seen, JwksCause cause) {
        if (fetchedAt.isAfter(seen) || now.isBefore(failedAt.plus(FAILURE_COOLDOWN))) {
            if (keys == null || !now.isBefore(fetchedAt.plus(cacheAge).plus(maxCacheAge))) {
                throw new OidcException(ErrorCode.OP_UNAVAILABLE, "the provider's JWKS could not be fetched recently", "");
            }
            return keys;
        }
        telemetry.jwksFetched(cause);
        try {
            JwksDocument document = fetcher.get();
            keys = List.copyOf(new JsonWebKeySet(document.json()).getJsonWebKeys());
            Duration given = document.maxAge() == null ? maxCacheAge : document.maxAge();
            cacheAge = given.compareTo(maxCacheAge) > 0 ? maxCacheAge
                    : given.compareTo(minRefetchInterval) < 0 ? minRefetchInterval : given;
            fetchedAt = now;
            return keys;
        } catch (JoseException e) {
            return staleOr(now, new OidcException(ErrorCode.OP_BAD_RESPONSE,
                    "the provider's JWKS is not a valid JSON Web Key Set: " + e.getMessage(), "RFC 7517 §5"));
        } catch (OidcException e) {
            return staleOr(now, e);
        }
    }

    /**
     * After a failed fetch: the set fetched before, if there is one and it expired less than {@code maxCacheAge}
     * ago, so an outage of the provider's JWKS endpoint fails no login and ends no session (the keys it signs with
     * rarely change while it is down); otherwise {@code failure}. Either way, no fetch for {@link #FAILURE_COOLDOWN}.
     */
    private List<JsonWebKey> staleOr(Instant now, OidcException failure) {
        failedAt = now;
        if (keys != null && now.isBefore(fetchedAt.plus(cacheAge).plus(maxCacheAge))) {
            LOG.log(System.Logger.Level.WARNING, "the provider's JWKS could not be fetched again, verifying with the "
                    + "key set fetched at {0} for now (next attempt in {1} s): {2}", fetchedAt,
                    FAILURE_COOLDOWN.toSeconds(), failure.logLine());
            return keys;
        }
        throw failure;
    }

    private static JsonWebKey select(JsonWebSignature jws, List<JsonWebKey> candidates) throws UnresolvableKeyException {
        try {
            return new VerificationJwkSelector().select(jws, candidates);
        } catch (JoseException e) {
            throw new UnresolvableKeyException("key selection failed: " + e.getMessage(), e);
        }
    }
}
