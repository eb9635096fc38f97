package dev.oidchybrid.filter.internal.config;

import java.util.Locale;

/**
 * Every configuration parameter of the filter: its web.xml init-param name, its default and its meaning.
 * This enum is the only place that knows parameter names; the README's configuration table is checked
 * against it by a test.
 *
 * <p>Each parameter can be overridden by the system property {@code oidc.<name>} and the environment
 * variable {@code OIDC_<NAME>} (upper case, '-' as '_'); the environment wins, then the system property,
 * then web.xml.
 */
public enum InitParam {
    MODE("mode", "session", "`session`: log users in with a browser session (the default). `bearer`: protect an API: validate the JWT access token in `Authorization: Bearer` (RFC 9068 / RFC 6750), answer 401/403 and never redirect; needs `audience`."),
    ISSUER("issuer", null, "The OpenID Provider's issuer URL (required). Discovery reads `<issuer>/.well-known/openid-configuration` and its `issuer` must equal this value exactly."),
    CLIENT_ID("client-id", null, "The client ID registered at the provider (required in `session` mode)."),
    CLIENT_SECRET("client-secret", null, "The client secret, for confidential clients. Without it the client is public (PKCE only), unless `client-auth` is `private_key_jwt`."),
    CLIENT_AUTH("client-auth", "client_secret_basic", "Token endpoint client authentication: `client_secret_basic`, `client_secret_post`, `client_secret_jwt` (an HS256 assertion under `client-secret`, which must then be at least 32 bytes) or `private_key_jwt` (an assertion signed with `client-key` / `client-keystore`, RFC 7523; no secret needed). Without a secret and without `private_key_jwt` the client is public."),
    CLIENT_KEY("client-key", null, "The client's private key for `private_key_jwt`: PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`; line breaks may be written `\\n`, as in an environment variable), or `file:<path>` of such a PEM, or a JWK / JWK set JSON with private parts (inline or `file:`). RSA (2048 bits or more), EC P-256 or Ed25519. Several keys: the first signs, all are published at `client-jwks-path`, so keys can rotate. `kid` is the JWK's, else the key's RFC 7638 thumbprint."),
    CLIENT_KEYSTORE("client-keystore", null, "Instead of `client-key`: the path of a PKCS#12 key store holding the client's private key and its certificate (which adds `x5t#S256` and `x5t`)."),
    CLIENT_KEYSTORE_PASSWORD("client-keystore-password", null, "The password of `client-keystore` (and of its key)."),
    CLIENT_KEY_ALIAS("client-key-alias", null, "The alias of the private key in `client-keystore`; needed when it holds more than one."),
    CLIENT_CERTIFICATE("client-certificate", null, "The X.509 certificate (PEM, inline or `file:<path>`) of the signing key: assertions then carry `x5t#S256` and `x5t`, which Microsoft Entra ID certificate credentials require."),
    CLIENT_ASSERTION_AUDIENCE("client-assertion-audience", "issuer", "The `aud` of client assertions: `issuer` (OpenID Connect Core §9 allows it, RFC 7523bis recommends it) or `token-endpoint` (the URL the assertion is sent to, as Microsoft Entra ID and some others want)."),
    CLIENT_JWKS_PATH("client-jwks-path", null, "Path (in the application) where the filter publishes the public keys of `client-key` / `client-keystore` as a JWK set, for providers that read the client's `jwks_uri` (register `<base URL><path>`), with `use: sig`, and those of `id-token-decryption-key` with `use: enc`. Off by default; private parts are never published."),
    RESPONSE_TYPE("response-type", "code id_token", "`code id_token` (hybrid, default), `code`, `code token` or `code id_token token`. Always with `response_mode=form_post` and PKCE S256."),
    SCOPE("scope", "openid profile email", "Requested scopes, space separated; must contain `openid`. Add `offline_access` for refresh tokens."),
    AUDIENCE("audience", null, "Auth0-style `audience` authorization parameter (the API the access token is for); in `bearer` mode, the `aud` every access token must carry (required there)."),
    REQUIRED_SCOPES("required-scopes", null, "`bearer` mode: scopes a token needs per path, e.g. `/api/appointments/*=read:appointments; /api/admin/*=admin; *=api`; matched on the path the container dispatches (decoded, dot segments and `;` parameters removed), the first matching entry applies, `*` is the default for every path no other entry matches (so unlisted paths fail closed), and without `*` a path with no entry needs only a valid token."),
    ACCESS_TOKEN_TYPES("access-token-types", "at+jwt, jwt", "`bearer` mode: the JWT header `typ` values accepted for access tokens. `at+jwt` (RFC 9068) always; `jwt` also accepts `typ: JWT` or no `typ`, but then refuses a token carrying any ID-token marker (`nonce`, `at_hash`, `c_hash`, `s_hash`, `events`, a payload `typ` of `ID`, or `azp` equal to a single `aud` with no `scope`/`scp`/`roles`) or none of `scope`, `scp`, `client_id`, `cid`, `azp`, `appid`, so a user's ID token never opens the API. Set `at+jwt` alone for strict RFC 9068 (see docs/PROVIDERS.md for what each provider sends)."),
    DPOP_NONCE("dpop-nonce", "false", "`bearer` mode: `true` to require a server-issued nonce in DPoP proofs (RFC 9449 §9): a proof without a current one gets 401 `error=\"use_dpop_nonce\"` with a fresh `DPoP-Nonce` header, and every answer to the `DPoP` scheme carries one. A nonce lasts 60 to 120 s; nonces are derived from `cookie-keys`, so every node accepts them when all share `cookie-keys` (without them, from a random key per node). DPoP-bound tokens are verified in bearer mode whatever this says."),
    ORGANIZATION("organization", null, "Auth0 `organization` parameter sent with every authorization request."),
    INVITATION("invitation", null, "Auth0 `invitation` parameter sent with every authorization request (invitation links on a protected URL are forwarded automatically)."),
    PROMPT("prompt", null, "`prompt` authorization parameter, e.g. `login` or `consent`."),
    MAX_AGE("max-age", null, "`max_age` in seconds: the provider must re-authenticate older logins; the ID token's `auth_time` is then required and checked."),
    ACR_VALUES("acr-values", null, "`acr_values` authorization parameter."),
    UI_LOCALES("ui-locales", null, "`ui_locales` authorization parameter."),
    EXTRA_AUTH_PARAMS("extra-auth-params", null, "More authorization parameters as a query string, e.g. `connection=github&screen_hint=signup`. Protocol parameters the filter sets itself are refused."),
    PAR("par", "auto", "Pushed authorization requests (RFC 9126): `auto` pushes when the provider's discovery document says `require_pushed_authorization_requests: true`; `true` always pushes (the provider must advertise a `pushed_authorization_request_endpoint`); `false` never does. Every authorization parameter then goes to the provider over the back channel, authenticated like the token request, and the browser carries only `client_id` and `request_uri`."),
    REDIRECT_PATH("redirect-path", "/callback", "Path (in the application) of the form_post callback; the redirect URI is the base URL plus this path."),
    LOGOUT_PATH("logout-path", "/logout", "Path that ends the local session and, when the provider has an `end_session_endpoint`, logs out there too (RP-Initiated Logout with `state`). The provider sends the browser back to the same path: register `<base URL><logout-path>` as the post-logout redirect URI."),
    BACKCHANNEL_LOGOUT_PATH("backchannel-logout-path", "/backchannel-logout", "Path of the OpenID Connect Back-Channel Logout endpoint (register `<base URL><path>` as the back-channel logout URI at the provider). A valid logout token ends the sessions of its `sid` or `sub` on their next request."),
    POST_LOGOUT_PATH("post-logout-path", "/", "Path (in the application) the browser is sent to after logout, once the provider's answer carried the right `state`."),
    API_ORIGINS("api-origins", null, "Comma-separated origins (`https://api.example.com`, `https://api2.example.com:8443`) that `BearerTokenClientFilter` may send the user's access token to. The provider's UserInfo endpoint and the application's own origin (`base-url`, else its own socket, never the Host header) are always allowed; any other destination gets no token (a WARNING names its origin)."),
    BASE_URL("base-url", null, "External base URL of the application including the context path, e.g. `https://app.example.com/shop`, when it runs behind a proxy. Otherwise derived from each request. In bearer mode it is the URL DPoP proofs must name (without it, the socket's own address: never the Host header)."),
    TRUST_FORWARDED_HEADERS("trust-forwarded-headers", "false", "`true` to derive the base URL from `X-Forwarded-Proto`, `X-Forwarded-Host` and `X-Forwarded-Port` (the last value of each, the one the nearest proxy added). Enable only behind a proxy that sets them and strips them from clients; `base-url` is the safer choice."),
    EXCLUDE_PATHS("exclude-paths", null, "Comma-separated paths that pass through without login: exact (`/health`) or prefix (`/public/*`), relative to the context. Matched on the path the container dispatches; a request whose raw URI spells that path in any other way (dot segments, `//`, `;` parameters, encoded `.` `/` `\\` `%`, bad UTF-8) is treated as protected."),
    CLOCK_SKEW("clock-skew", "60", "Allowed clock difference in seconds when checking `exp`, `iat`, `nbf` and `auth_time`."),
    ROLES_CLAIM("roles-claim", null, "ID token claim holding the user's roles for `isUserInRole()` (an array or a space-separated string), e.g. `https://example.com/roles`."),
    PRINCIPAL_CLAIM("principal-claim", "sub", "ID token claim used as the principal name (`getUserPrincipal().getName()`, `getRemoteUser()`)."),
    CONNECT_TIMEOUT("connect-timeout", "5000", "HTTP connect timeout towards the provider, in milliseconds."),
    READ_TIMEOUT("read-timeout", "10000", "HTTP read timeout towards the provider, in milliseconds."),
    USERINFO("userinfo", "false", "`true` to fetch the UserInfo endpoint after login and after each refresh; its `sub` must equal the ID token's, and its claims are added to the claims map (ID token claims win)."),
    REFRESH_BEFORE_EXPIRY("refresh-before-expiry", "60", "Seconds before the access token expires at which a request triggers a refresh (needs a refresh token: add `offline_access` to `scope`). Never more than half the token's lifetime, so short-lived tokens are not refreshed on every request."),
    REFRESH_SCOPE("refresh-scope", null, "Scopes to ask for on refresh, space separated: a subset of `scope` (RFC 6749 §6), e.g. to keep an access token narrower than the login's. Unset: the provider keeps the original scope."),
    COOKIE_KEYS("cookie-keys", null, "Comma-separated secrets (at least 32 characters each) that seal the login-state cookie, and the session in the `cookie` and `jcache` stores: the first seals, all unseal, so keys can rotate. Required when several nodes serve the app (and so with `session-store` `cookie` or `jcache`, or `shared-state=jcache`); without it a random key is made at each start (a warning is logged)."),
    SESSION_STORE("session-store", "http-session", "Where logged-in sessions live. `http-session`: the container's session (its replication or persistence carries it). `cookie`: sealed (JWE A256GCM) in chunked HttpOnly cookies, no server state. `jcache`: a JCache (JSR-107) cluster, e.g. Infinispan, Hazelcast, Ehcache; the browser holds only a random handle. See \"Running in a cluster\"."),
    SHARED_STATE("shared-state", null, "Where back-channel-logout revocations, refresh locks and results, and used login states live (in bearer mode: the used DPoP proofs): `local` (this node's memory) or `jcache` (the JCache cluster, so they hold on every node). Default: `jcache` with `session-store=jcache`, else `local`."),
    JCACHE_PROVIDER("jcache-provider", null, "Class name of the JCache `CachingProvider` (e.g. `com.hazelcast.cache.HazelcastMemberCachingProvider`). Unset: the only provider on the class path."),
    JCACHE_URI("jcache-uri", null, "The provider's configuration URI (e.g. a `file:` or `classpath:` Hazelcast or Infinispan XML). Unset: the provider's default."),
    JCACHE_PROPERTIES("jcache-properties", null, "Properties for the provider's cache manager, `name=value` pairs separated by commas (e.g. Hazelcast's `hazelcast.config.location=file:/etc/hazelcast.xml` or `hazelcast.instance.name=app`). Hazelcast makes the URI part of every cache name, so every node must use the same `jcache-uri`: give a node-specific configuration here rather than in the URI."),
    JCACHE_PREFIX("jcache-prefix", "oidc-hybrid-", "Prefix of the cache names (`<prefix>sessions`, `<prefix>revocations`, `<prefix>locks`, `<prefix>refreshed`, `<prefix>used`, `<prefix>used-logout-tokens`; in bearer mode only `<prefix>used-dpop-proofs`); caches that do not exist are created, with an expiry and no size limit of the filter's own: configure no size-based eviction for them in the provider (Hazelcast bounds a cache to 10,000 entries by default), since an evicted revocation would revive a logged-out session."),
    SESSION_TIMEOUT("session-timeout", "1800", "Seconds of inactivity (at least 120) after which a `cookie` or `jcache` session ends; the `cookie` store counts to the minute. The `http-session` store follows the container's session timeout."),
    SESSION_MAX_AGE("session-max-age", "28800", "Seconds a session lives at most after its login, however active it is (absolute lifetime, like mod_auth_openidc's `OIDCSessionMaxDuration`); then the user signs in again. At least 300."),
    ACCESS_TOKEN_DEFAULT_LIFETIME("access-token-default-lifetime", "3600", "Seconds an access token counts as valid when the token response gives no `expires_in` and the token is not a JWT with `exp`: it is then refreshed (or the session ends) like any other, rather than never coming due."),
    LOGIN_TIMEOUT("login-timeout", "600", "Seconds a started login may take before its callback is refused."),
    MAX_PENDING_LOGINS("max-pending-logins", "5", "Most login-state cookies one browser keeps (one per tab logging in); the oldest is dropped beyond that."),
    MAX_PROVIDER_CALLS("max-provider-calls", "16", "Most code exchanges this filter runs at once, and as many refreshes and as many pushed authorization requests (each a pool of its own, so callbacks cannot starve them); beyond that a request waits 250 ms for a free slot, then gets 503 with `Retry-After`. A bulkhead: forged callbacks cost a token request each and would otherwise hold request threads for up to connect + read timeout."),
    ID_TOKEN_ALGORITHMS("id-token-algorithms", "RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512", "Accepted ID token signature algorithms (asymmetric only; `none` and HMAC are never accepted)."),
    PROFILE("profile", null, "`fapi2`: one switch for the FAPI 2.0 Security Profile. Settings left at their default take the profile's value: `response-type=code`, `par=true`, `client-auth=private_key_jwt` (a `client-key` or `client-keystore` is then required), `dpop=true`, `id-token-algorithms=PS256,ES256,EdDSA`, `clock-skew=10`; an explicit value the profile does not allow is a start-up error naming it. The RFC 9207 `iss` response parameter is then required on every callback, and client assertions are signed with PS256, ES256 or EdDSA only. In `bearer` mode only the algorithms and the clock skew apply, and the API then accepts DPoP-bound tokens only, with PS256, ES256 or EdDSA proofs. Unset (or `none`): no profile."),
    DPOP("dpop", "false", "`true` to obtain DPoP-bound (sender-constrained) tokens (RFC 9449): each login session gets its own key pair, kept sealed in the session (with `session-store=cookie` that is the sealed session cookie, so the browser holds it encrypted under `cookie-keys`); the code and refresh grants and UserInfo carry a proof, and a token response with `token_type` other than `DPoP` is refused (a downgrade). `optional` sends proofs but accepts Bearer tokens from a provider without DPoP. Server nonces (`use_dpop_nonce`) are honoured. Unless `response-type` is set to another value than its default, DPoP logins use `code` (Keycloak refuses hybrid flows for DPoP clients); with `true`, a response type with a front-channel access token (`code token`, `code id_token token`) is a start-up error, since that token cannot be bound."),
    DPOP_ALGORITHM("dpop-algorithm", "ES256", "Signature algorithm of each session's DPoP key: `ES256` (default), `PS256` or `EdDSA` (Ed25519)."),
    REQUEST_OBJECT("request-object", "none", "`signed` sends every authorization request as a request object (RFC 9101, JAR): all its parameters in a JWT signed with the first key of `client-key` / `client-keystore` (header `typ` `oauth-authz-req+jwt`, `kid`; claims `iss` = the client ID, `aud` = the issuer, `iat`, `nbf`, `exp` 120 s later, a random `jti`), with an algorithm from the provider's `request_object_signing_alg_values_supported` (PS256, ES256 or EdDSA preferred; never `none`; no RS256 with `profile=fapi2`). Without PAR the browser's URL carries only `client_id`, `response_type`, `scope` (which OpenID Connect Core §6.1 wants outside too) and `request`; with PAR the pushed body carries `request`. A provider that says `request_parameter_supported: false` (without PAR) or lists no algorithm for the key gets no login at all. `none` (default): plain parameters."),
    ID_TOKEN_DECRYPTION_KEY("id-token-decryption-key", null, "The client's private key for encrypted ID tokens (JWE, OpenID Connect Core 1.0 §10.2), in the forms of `client-key`: PKCS#8 PEM (inline or `file:<path>`) or a JWK / JWK set with private parts (`use` absent or `enc`). An RSA key (2048 bits or more) decrypts `RSA-OAEP-256`, an EC key (P-256, P-384, P-521) `ECDH-ES+A256KW`; the content encryption must be `A256GCM`; `RSA1_5` and `RSA-OAEP` (SHA-1) are never accepted. When set, every ID token (front channel, token endpoint, refresh) must be a JWE whose payload is the signed ID token (`cty` absent or `JWT`), which is then verified as usual; a plain signed ID token is refused. Several keys (rotation): the one whose `kid` the JWE names, else each of the right type; all are published at `client-jwks-path` with `use: enc`. Must be another key than `client-key`. Register `id_token_encrypted_response_alg` and `id_token_encrypted_response_enc` at the provider."),
    CONTAINER_AUTH("container-auth", "false", "`true` makes this filter the login of the container's own security (Jakarta Authentication 3.0): web.xml `<security-constraint>` / `<auth-constraint>`, `@ServletSecurity`, `@RolesAllowed` on servlets, JAX-RS resources and EJBs, `isUserInRole`, `HttpServletRequest#authenticate` / `logout()` and the EJB caller principal then see the signed-in user, with the roles from `roles-claim`. The container asks first: a constrained path without a session starts the login (or gets a 401 for non-navigations), a user without the role gets the container's 403. The filter's endpoints are served even under a `/*` constraint. Needs the filter jar's `ServletContainerInitializer` to run at start-up (it registers the module); on Jetty 12 the `ee10-jaspi` module. One filter per application; session mode only."),
    ACCESS_RULES("access-rules", null, "Path rules a signed-in user (or, in `bearer` mode, an access token) must meet, `<path>=<condition>` separated by `;`, first match wins, e.g. `/admin/*=role:admin; /reports/*=claim:https://example.com/org=acme; /billing/*=acr:mfa; /*=authenticated`. Paths: exact, `/prefix/*` or `/*`, matched on the path the container dispatches; a request whose raw URI does not spell it plainly must meet every rule. Conditions: `authenticated`, `role:<role>` (from `roles-claim`), `claim:<name>=<value>` (string equal, or an array holding it; the name ends at the last `=`, so it may be a URL), `scope:<scope>` (granted to the access token), `acr:<value>[\\|<value>...]` (one of them), `max-age:<seconds>` (`auth_time` at most that old), `any(<c>,...)`, `all(<c>,...)`. A path no rule matches needs a signed-in user only. A failed `acr:` or `max-age:` starts a step-up login (`acr_values`, `max_age`, `prompt=login`), and in `bearer` mode answers 401 `insufficient_user_authentication` (RFC 9470); any other failure is 403 (`forbidden`, or `insufficient_scope` for a scope in `bearer` mode). See \"Authorization\"."),
    OPTIONAL_PATHS("optional-paths", null, "Comma-separated paths where signing in is optional, exact (`/`) or prefix (`/home/*`) as in `exclude-paths`: with a session the request goes on signed in, exactly as on a protected path (principal, roles, the request attributes, a refresh when due, `access-rules`); without one it goes on anonymous, with no login and no 401. For public pages that greet a signed-in user, such as a home page with a \"Sign in\" link to a protected path. Only a request whose raw URI spells the path plainly counts (as for `exclude-paths`): any other spelling is protected. `exclude-paths` wins where both match, a container `<security-constraint>` still asks for a login (`container-auth`). Session mode only."),
    JCACHE_NEAR_CACHE("jcache-near-cache", "5", "Seconds (0-60) a node keeps the sessions and revocations it read from the JCache cluster (`session-store=jcache`) while no change is reported. Every node listens to the cluster's changes and drops its copy when another node changes or removes the entry (a logout, a revocation, a refresh), so this bounds only a lost event. `0`: every request reads the cluster (for providers that do not deliver other nodes' events).");

    private final String paramName;
    private final String defaultValue;
    private final String description;

    InitParam(String paramName, String defaultValue, String description) {
        this.paramName = paramName;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The web.xml init-param name. */
    public String paramName() {
        return paramName;
    }

    /** The default, or {@code null} when the parameter has none. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The system property that overrides this parameter, {@code oidc.<name>}. */
    public String systemProperty() {
        return "oidc." + paramName;
    }

    /** The environment variable that overrides this parameter, {@code OIDC_<NAME>}. */
    public String environmentVariable() {
        return "OIDC_" + paramName.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
