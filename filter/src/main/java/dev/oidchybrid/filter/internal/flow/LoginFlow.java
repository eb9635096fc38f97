package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.cluster.UsedStates;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;

import dev.oidchybrid.filter.internal.token.AccessTokenExpiry;
import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.ClientSettings;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.Profile;
import dev.oidchybrid.filter.internal.config.ResponseType;
import dev.oidchybrid.filter.internal.config.StepUp;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.token.DpopKey;
import dev.oidchybrid.filter.internal.token.IdTokenExpectations;
import dev.oidchybrid.filter.internal.token.IdTokenValidator;
import dev.oidchybrid.filter.internal.token.TokenClient;
import dev.oidchybrid.filter.internal.token.TokenResponse;
import dev.oidchybrid.filter.internal.token.TokenSet;
import dev.oidchybrid.filter.internal.token.UserInfoClient;
import dev.oidchybrid.filter.internal.token.ValidatedIdToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The login protocol, free of servlet types: {@link #start} makes a fresh state, nonce and PKCE verifier and
 * the authorization URL (after pushing the request to the provider when {@code par} says so, RFC 9126: the URL
 * then carries only {@code client_id} and {@code request_uri}; with {@code request-object=signed} the parameters
 * travel inside a signed request object, RFC 9101, see {@link RequestObjects}); {@link #complete} checks an authorization response against its pending login in the
 * order the specifications require, and only then redeems the code:
 * <ol>
 *   <li>state equal, not expired, not used before (RFC 6749 §10.12, RFC 9700 §4.7);</li>
 *   <li>the RFC 9207 {@code iss} parameter equal to the issuer; required when the provider advertises it,
 *       unless the response carries an ID token, whose validated {@code iss} claim then identifies the issuer
 *       (certified providers leave the parameter out of such responses);</li>
 *   <li>a provider error becomes {@code op_error};</li>
 *   <li>the response carries exactly what the response type promises;</li>
 *   <li>the front-channel ID token is fully validated, c_hash and at_hash included (OpenID Connect Core 1.0
 *       §3.3.2.11-12), BEFORE the code is sent anywhere;</li>
 *   <li>the code is redeemed with the PKCE verifier and the same redirect URI;</li>
 *   <li>the token endpoint's ID token is validated, and its iss and sub equal the front-channel ones
 *       (§3.3.3.6).</li>
 * </ol>
 */
public final class LoginFlow {

    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    /**
     * What a login needs of the configuration: the client, the issuer, whether UserInfo is read, how long a
     * login may take, the access-token lifetime assumed when the token response gives none, whether every
     * callback must carry the RFC 9207 {@code iss} parameter ({@code profile=fapi2}), and the clock skew a
     * step-up's {@code auth_time} is allowed.
     */
    public record Settings(ClientSettings client, String issuer, boolean userinfo, Duration loginTimeout,
                           Duration accessTokenDefaultLifetime, boolean issParameterRequired, Duration clockSkew) {

        public Settings(ClientSettings client, String issuer, boolean userinfo, Duration loginTimeout,
                        Duration accessTokenDefaultLifetime) {
            this(client, issuer, userinfo, loginTimeout, accessTokenDefaultLifetime, false, Duration.ofSeconds(60));
        }

        public static Settings from(OidcConfig config) {
            return new Settings(config.client(), config.provider().issuer(), config.provider().userinfo(),
                    config.session().loginTimeout(), config.timeouts().accessTokenDefaultLifetime(),
                    config.profile() == Profile.FAPI2, config.timeouts().clockSkew());
        }
    }

    private final Settings config;
    private final Supplier<ProviderMetadata> metadata;
    private final IdTokenValidator validator;
    private final TokenClient tokenClient;
    private final Clock clock;
    private final RandomTokens random;
    private final UsedStates usedStates;
    private final UserInfoClient userInfo;
    private final ParClient parClient;
    private final Supplier<Optional<DpopKey>> newDpopKey;
    private final RequestObjects requestObjects;

    /** A flow that never pushes authorization requests (a push it is asked for fails) and uses Bearer tokens. */
    public LoginFlow(Settings config, Supplier<ProviderMetadata> metadata, IdTokenValidator validator,
                     TokenClient tokenClient, Clock clock, RandomTokens random, UsedStates usedStates,
                     UserInfoClient userInfo) {
        this(config, metadata, validator, tokenClient, clock, random, usedStates, userInfo, (endpoint, params) -> {
            throw new OidcException(ErrorCode.INVALID_CONFIGURATION,
                    "this login flow was built without a client for pushed authorization requests", "RFC 9126");
        }, Optional::empty);
    }

    /**
     * @param parClient  pushes authorization requests (RFC 9126) when the provider or {@code par} asks for it
     * @param newDpopKey a new DPoP key for each login that redeems its code, or empty when DPoP is off
     */
    public LoginFlow(Settings config, Supplier<ProviderMetadata> metadata, IdTokenValidator validator,
                     TokenClient tokenClient, Clock clock, RandomTokens random, UsedStates usedStates,
                     UserInfoClient userInfo, ParClient parClient, Supplier<Optional<DpopKey>> newDpopKey) {
        this(config, metadata, validator, tokenClient, clock, random, usedStates, userInfo, parClient, newDpopKey,
                RequestObjects.none());
    }

    /** @param requestObjects whether the authorization request travels as a signed request object (RFC 9101) */
    public LoginFlow(Settings config, Supplier<ProviderMetadata> metadata, IdTokenValidator validator,
                     TokenClient tokenClient, Clock clock, RandomTokens random, UsedStates usedStates,
                     UserInfoClient userInfo, ParClient parClient, Supplier<Optional<DpopKey>> newDpopKey,
                     RequestObjects requestObjects) {
        this.requestObjects = requestObjects;
        this.newDpopKey = newDpopKey;
        this.config = config;
        this.metadata = metadata;
        this.validator = validator;
        this.tokenClient = tokenClient;
        this.clock = clock;
        this.random = random;
        this.usedStates = usedStates;
        this.userInfo = userInfo;
        this.parClient = parClient;
    }

    /**
     * Starts a login.
     *
     * @param redirectUri the absolute callback URL
     * @param returnPath  the path and query within the application to return to
     * @param forwarded   authorization parameters forwarded from the request (invitation links)
     * @throws OidcException {@code op_unavailable} while the provider is not discovered; when the request is
     *         pushed, {@code par_unsupported}, {@code par_refused} or a failure of the push itself;
     *         {@code request_object_unsupported} when signed request objects cannot be used (nothing is then
     *         started: the caller sets no cookie)
     */
    public LoginStart start(String redirectUri, String returnPath, Map<String, String> forwarded) {
        return start(redirectUri, returnPath, forwarded, false, StepUp.NONE);
    }

    /**
     * Starts a step-up login (RFC 9470): as {@link #start(String, String, Map)}, with the {@code acr_values},
     * {@code max_age} and {@code prompt} {@code stepUp} asks for, which the callback's ID token must then meet.
     */
    public LoginStart startStepUp(String redirectUri, String returnPath, StepUp stepUp) {
        return start(redirectUri, returnPath, Map.of(), false, stepUp);
    }

    /**
     * Starts a login again in place of one that went stale (a tab left open past {@code login-timeout}, a
     * back button): same return path, new state, nonce and verifier, marked so it is not restarted twice.
     */
    public LoginStart restart(String redirectUri, PendingLogin stale) {
        return start(redirectUri, stale.returnPath(), Map.of(), true, stale.stepUp());
    }

    private LoginStart start(String redirectUri, String returnPath, Map<String, String> forwarded, boolean restarted,
                             StepUp stepUp) {
        ProviderMetadata provider = metadata.get();
        java.util.Optional<String> parEndpoint = PushedAuthorization.endpoint(config.client().par(), provider);
        PendingLogin pending = new PendingLogin(random.next(), random.next(), random.next(), returnPath,
                clock.instant(), redirectUri, restarted, stepUp);
        Map<String, String> params = AuthorizationRequestBuilder.params(config.client(), redirectUri,
                pending.state(), pending.nonce(), Pkce.s256Challenge(pending.codeVerifier()), forwarded);
        params.putAll(stepUp.authorizationParams(params));
        String url = parEndpoint.isEmpty() ? AuthorizationRequestBuilder.url(provider.authorizationEndpoint(),
                requestObjects.frontChannel(params, provider))
                : PushedAuthorization.browserUrl(provider.authorizationEndpoint(), config.client().clientId(),
                        parClient.push(parEndpoint.get(), requestObjects.pushed(params, provider)));
        return new LoginStart(url, pending);
    }

    /**
     * Completes a login from its callback.
     *
     * @throws OidcException with the code of the first rule that failed
     */
    public LoginResult complete(CallbackParams callback, PendingLogin pending) {
        return complete(callback, pending, () -> { });
    }

    /**
     * As {@link #complete(CallbackParams, PendingLogin)}; {@code onRefusedExchange} runs when the provider refused
     * the code exchange (a made-up or used code: what each forged callback costs the client at the provider).
     */
    public LoginResult complete(CallbackParams callback, PendingLogin pending, Runnable onRefusedExchange) {
        Instant now = clock.instant();
        checkState(callback, pending, now);
        ProviderMetadata provider = metadata.get();
        checkIssuerParameter(callback, provider);
        if (callback.error() != null) {
            String error = ERROR_CODE.matcher(callback.error()).matches() ? callback.error() : "invalid_error_code";
            throw OidcException.providerError(error, "the provider answered the authorization request with error "
                    + error, "RFC 6749 §4.1.2.1");
        }
        ResponseType type = config.client().responseType();
        ResponseShape.check(callback, type);

        ValidatedIdToken frontChannel = null;
        if (type.frontChannelIdToken()) {
            frontChannel = validator.validate(callback.idToken(),
                    IdTokenExpectations.frontChannel(pending.nonce(), callback.code(), callback.accessToken()));
        }
        // a key of this login session's own, made only now: the code is not bound to it, the tokens will be
        DpopKey dpopKey = newDpopKey.get().orElse(null);
        TokenResponse tokens;
        try {
            tokens = tokenClient.redeemCode(provider.tokenEndpoint(), callback.code(), pending.redirectUri(),
                    pending.codeVerifier(), dpopKey);
        } catch (OidcException e) {
            if (e.code() == ErrorCode.OP_ERROR) {
                onRefusedExchange.run();
            }
            throw e;
        }
        ValidatedIdToken idToken = validator.validate(tokens.idToken(),
                IdTokenExpectations.tokenEndpoint(pending.nonce(), tokens.accessToken()));
        if (frontChannel != null && !(frontChannel.issuer().equals(idToken.issuer())
                && frontChannel.subject().equals(idToken.subject()))) {
            throw new OidcException(ErrorCode.INVALID_ID_TOKEN,
                    "token endpoint ID token has another iss or sub than the front-channel ID token",
                    "OpenID Connect Core 1.0 §3.3.3.6");
        }
        pending.stepUp().unmetBy(idToken.claims(), now, config.clockSkew().toSeconds()).ifPresent(unmet -> {
            throw new OidcException(ErrorCode.INSUFFICIENT_USER_AUTHENTICATION, "step-up login not satisfied: "
                    + unmet + " (the old session, if any, is kept)", "OpenID Connect Core 1.0 §3.1.2.1, RFC 9470");
        });
        Instant expiresAt = AccessTokenExpiry.expiresAt(tokens.accessToken(), tokens.expiresIn(), now,
                config.accessTokenDefaultLifetime());
        DpopKey bound = tokens.tokenType().equals("DPoP") ? dpopKey : null;
        TokenSet set = new TokenSet(idToken.raw(), tokens.accessToken(), tokens.refreshToken(),
                tokens.tokenType(), expiresAt, tokens.scope(), now, bound == null ? null : bound.sealable());
        Map<String, Object> claims = idToken.claims();
        if (config.userinfo()) {
            String endpoint = provider.userinfo().orElseThrow(() -> new OidcException(ErrorCode.OP_BAD_RESPONSE,
                    "userinfo is enabled but the provider advertises no userinfo_endpoint", ""));
            claims = userInfo.merged(endpoint, tokens.accessToken(), bound, claims);
        }
        return new LoginResult(set, idToken, pending.returnPath(), claims);
    }

    /** Whether the login was started longer than {@code login-timeout} ago (a stale tab, a long idle). */
    public boolean expired(PendingLogin pending) {
        return !clock.instant().isBefore(pending.issuedAt().plus(config.loginTimeout()));
    }

    private void checkState(CallbackParams callback, PendingLogin pending, Instant now) {
        if (!MessageDigest.isEqual(callback.state().getBytes(StandardCharsets.US_ASCII),
                pending.state().getBytes(StandardCharsets.US_ASCII))) {
            throw new OidcException(ErrorCode.INVALID_STATE, "callback state does not match the pending login",
                    "RFC 6749 §10.12");
        }
        Instant expiresAt = pending.issuedAt().plus(config.loginTimeout());
        if (!now.isBefore(expiresAt)) {
            throw new OidcException(ErrorCode.INVALID_STATE, "login started at " + pending.issuedAt()
                    + " expired (login-timeout " + config.loginTimeout().toSeconds() + " s)", "RFC 9700 §4.7");
        }
        if (!usedStates.markUsed(callback.state(), expiresAt, now)) {
            throw new OidcException(ErrorCode.INVALID_STATE, "callback replayed: its state was already used",
                    "RFC 9700 §4.7");
        }
    }

    private void checkIssuerParameter(CallbackParams callback, ProviderMetadata provider) {
        if (callback.iss() == null) {
            if (config.issParameterRequired()) {
                throw new OidcException(ErrorCode.INVALID_RESPONSE, "authorization response lacks the iss parameter, "
                        + "which profile=fapi2 requires on every callback (FAPI 2.0 §5.3.2.2): the provider must send "
                        + "it (authorization_response_iss_parameter_supported)", "RFC 9207 §2.4");
            }
            // an ID token in the response names its issuer itself, and is validated before any code exchange
            if (provider.authorizationResponseIssParameterSupported() && callback.idToken() == null) {
                throw new OidcException(ErrorCode.INVALID_RESPONSE, "authorization response lacks the iss parameter "
                        + "although the provider advertises authorization_response_iss_parameter_supported (possible "
                        + "mix-up attack; on Keycloak, switch off the client's 'Exclude Issuer From Authentication "
                        + "Response')", "RFC 9207 §2.4");
            }
            return;
        }
        if (!callback.iss().equals(config.issuer())) {
            throw new OidcException(ErrorCode.INVALID_RESPONSE,
                    "authorization response iss parameter is not the configured issuer (possible mix-up attack)",
                    "RFC 9207 §2.4");
        }
    }
}
