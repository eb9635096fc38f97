// A real, OpenID-certified provider (panva's oidc-provider) set up for the interop tests of the OIDC Hybrid
// Filter. The Java tests start it with `node provider.mjs` and configure it through the environment:
//
//   OP_PORT                      port to listen on (required; the tests pick a free one up front)
//   OP_HOST                      address to bind, default 127.0.0.1
//   OP_ISSUER                    issuer URL, default http://<OP_HOST>:<OP_PORT>
//   OP_CLIENT_ID / OP_CLIENT_SECRET   the one confidential client (client_secret_basic)
//   OP_HIGH_SECURITY=1           instead a high-security client (issue 14): private_key_jwt (ES256) with the public
//                                keys of OP_CLIENT_JWKS (a JWK set, JSON) and no secret (OP_CLIENT_SECRET is then
//                                not read), DPoP-bound access tokens (dpop_bound_access_tokens),
//                                pushed authorization requests required (features.pushedAuthorizationRequests
//                                .requirePushedAuthorizationRequests, so discovery says
//                                require_pushed_authorization_requests: true), and a DPoP nonce required in every
//                                proof (features.dPoP.requireNonce); the HTTP exchanges are recorded as events too
//   OP_REDIRECT_URIS             the client's redirect URIs, separated by commas or spaces
//   OP_POST_LOGOUT_REDIRECT_URIS its post-logout redirect URIs, the same way (optional)
//   OP_ACCESS_TOKEN_TTL          access token lifetime in seconds, default 300 (ID tokens live as long)
//   OP_BACKCHANNEL_LOGOUT_URI    the client's back-channel logout URI (optional): enables Back-Channel Logout
//                                1.0 (features.backchannelLogout) with backchannel_logout_session_required, so
//                                ID tokens and logout tokens carry `sid`. oidc-provider refuses outgoing requests
//                                to loopback addresses (SSRF protection); this one URI is exempted, since the
//                                apps under test listen on 127.0.0.1. An https URI needs the app's certificate
//                                trusted by node: the tests pass it in NODE_EXTRA_CA_CERTS.
//
// It prints "oidc-provider ready <issuer>" once it listens, logs protocol errors to stderr, and exits when
// its standard input closes (the JVM that started it ended, even abruptly) or on SIGTERM/SIGINT.
//
// Test observation: GET /__interop/events answers {"events": [...]}, what happened in order: every token grant
// (`grant.success` / `grant.error` with grant_type; for refresh tokens a short SHA-256 fingerprint of the one
// presented and of the one issued, never a token itself), revoked grants, ended sessions and back-channel
// logout deliveries. Each is also printed as one log line. In the high-security mode grants also carry the
// access token's token_type and a fingerprint of its DPoP key binding (cnf.jkt), and every request to the
// provider's endpoints is one `http` event: method, path, status, the parameter names (never values), the
// client authentication seen (client_assertion_type, Authorization scheme), whether a DPoP proof came and
// whether it carried a nonce and an ath, the error code answered and whether a DPoP-Nonce header was sent.
//
// Development only: devInteractions is its built-in login page (any login name and any non-empty password;
// the login name becomes `sub`), and consent is granted automatically for the test client.

import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

import { Provider } from 'oidc-provider';

const env = process.env;

function required(name) {
  const value = env[name];
  if (!value || !value.trim()) {
    console.error(`provider.mjs: ${name} is required`);
    process.exit(2);
  }
  return value.trim();
}

function list(value) {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

const port = Number(required('OP_PORT'));
const host = env.OP_HOST?.trim() || '127.0.0.1';
const issuer = env.OP_ISSUER?.trim() || `http://${host}:${port}`;
const clientId = required('OP_CLIENT_ID');
const highSecurity = env.OP_HIGH_SECURITY?.trim() === '1';
const clientSecret = highSecurity ? undefined : required('OP_CLIENT_SECRET');
const clientJwks = highSecurity ? JSON.parse(required('OP_CLIENT_JWKS')) : undefined;
const redirectUris = list(required('OP_REDIRECT_URIS'));
const postLogoutRedirectUris = list(env.OP_POST_LOGOUT_REDIRECT_URIS);
const accessTokenTtl = Number(env.OP_ACCESS_TOKEN_TTL ?? 300);
const backchannelLogoutUri = env.OP_BACKCHANNEL_LOGOUT_URI?.trim() || undefined;

// The response types the filter supports (OpenID Connect Core 1.0 §3.1 code flow, §3.3 hybrid flow).
const responseTypes = ['code', 'code id_token', 'code token', 'code id_token token'];

// A fresh signing key per run, so nothing secret lives in the repository.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' };

// The client's authentication and its high-security settings (see OP_HIGH_SECURITY above).
const clientSettings = highSecurity ? {
  token_endpoint_auth_method: 'private_key_jwt',
  token_endpoint_auth_signing_alg: 'ES256',
  jwks: clientJwks,
  dpop_bound_access_tokens: true,
  require_pushed_authorization_requests: true,
  // oidc-provider refuses response types with "token" (an access token by the front channel) for bound tokens
  response_types: responseTypes.filter((type) => !type.split(' ').includes('token')),
} : {
  client_secret: clientSecret,
  token_endpoint_auth_method: 'client_secret_basic',
  response_types: responseTypes,
};

const configuration = {
  clients: [{
    client_id: clientId,
    ...clientSettings,
    application_type: 'web',
    redirect_uris: redirectUris,
    post_logout_redirect_uris: postLogoutRedirectUris,
    grant_types: ['authorization_code', 'implicit', 'refresh_token'],
    id_token_signed_response_alg: 'RS256',
    ...(backchannelLogoutUri ? {
      backchannel_logout_uri: backchannelLogoutUri,
      backchannel_logout_session_required: true,
    } : {}),
  }],
  responseTypes,
  // PKCE (S256, the only method oidc-provider 9 offers) for every client, not only public ones.
  pkce: { required: () => true },
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  // Refresh tokens: issued when the client may use the refresh_token grant and offline_access was granted
  // (oidc-provider keeps offline_access only with prompt=consent); rotated on every use.
  issueRefreshToken: async (ctx, client, code) => client.grantTypeAllowed('refresh_token')
    && code.scopes.has('offline_access'),
  rotateRefreshToken: () => true,
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          email: `${sub}@example.com`,
          email_verified: true,
          name: sub,
          preferred_username: sub,
        };
      },
    };
  },
  // First-party test client: consent is implied (oidc-provider's "skip consent" recipe).
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    if (ctx.oidc.client.clientId !== clientId) {
      return undefined;
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email offline_access');
    await grant.save();
    return grant;
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    revocation: { enabled: true },
    backchannelLogout: { enabled: Boolean(backchannelLogoutUri) },
    // oidc-provider 9 has both on by default; the high-security mode requires them
    pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: highSecurity },
    dPoP: highSecurity ? {
      enabled: true,
      // server-issued nonces (RFC 9449 §8, §9) need a 32-byte secret; every proof must then carry one
      nonceSecret: randomBytes(32),
      requireNonce: () => true,
    } : { enabled: true },
  },
  // Outgoing requests (back-channel logout) go through oidc-provider's SSRF-protected dispatcher, which drops
  // connections to special-use addresses such as 127.0.0.1. The one configured back-channel logout URI of the
  // test client (an app on 127.0.0.1) is let through with node's default dispatcher; TLS is still verified
  // (NODE_EXTRA_CA_CERTS: the test certificate only). Everything else keeps the protection.
  fetch(url, options) {
    if (backchannelLogoutUri && String(url) === new URL(backchannelLogoutUri).href) {
      const { dispatcher, ...rest } = options;
      return globalThis.fetch(url, rest);
    }
    return globalThis.fetch(url, options);
  },
  // Explicit lifetimes (seconds); without them oidc-provider logs a notice per artifact type.
  ttl: {
    AccessToken: accessTokenTtl,
    AuthorizationCode: 60,
    IdToken: accessTokenTtl,
    RefreshToken: 24 * 60 * 60,
    Interaction: 10 * 60,
    Session: 24 * 60 * 60,
    Grant: 24 * 60 * 60,
  },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  jwks: { keys: [signingKey] },
};

const provider = new Provider(issuer, configuration);

for (const event of ['authorization.error', 'grant.error', 'end_session.error', 'server_error',
  'userinfo.error', 'revocation.error']) {
  provider.on(event, (ctx, error) => {
    console.error(`oidc-provider ${event}: ${error?.name ?? ''} ${error?.message ?? error}`
      + `${error?.error_description ? ` (${error.error_description})` : ''}`);
  });
}

// What the tests may observe (GET /__interop/events): no token values, only fingerprints.
const events = [];

function fingerprint(token) {
  return token?.jti ? createHash('sha256').update(token.jti).digest('base64url').slice(0, 16) : undefined;
}

function record(entry) {
  events.push({ at: new Date().toISOString(), ...entry });
  console.log(`oidc-provider event ${JSON.stringify(entry)}`);
}

function shortHash(value) {
  return value ? createHash('sha256').update(value).digest('base64url').slice(0, 16) : undefined;
}

provider.on('grant.success', (ctx) => {
  const { entities, params } = ctx.oidc;
  const refresh = params.grant_type === 'refresh_token';
  record({
    event: 'grant.success',
    grant_type: params.grant_type,
    ...(highSecurity ? {
      token_type: ctx.body?.token_type,
      access_token_jkt: shortHash(entities.AccessToken?.jkt),
    } : {}),
    // the refresh token the client presented (after rotation oidc-provider names it RotatedRefreshToken)
    presented_refresh_token: refresh ? fingerprint(entities.RotatedRefreshToken ?? entities.RefreshToken)
      : undefined,
    rotated: refresh ? Boolean(entities.RotatedRefreshToken) : undefined,
    issued_refresh_token: refresh && !entities.RotatedRefreshToken ? undefined : fingerprint(entities.RefreshToken),
  });
});
provider.on('grant.error', (ctx, error) => {
  record({
    event: 'grant.error',
    grant_type: ctx.oidc?.params?.grant_type,
    error: error?.error ?? error?.name,
    error_description: error?.error_description ?? error?.message,
  });
});
provider.on('grant.revoked', (ctx, grantId) => record({ event: 'grant.revoked' }));
provider.on('end_session.success', (ctx) => record({ event: 'end_session.success' }));
provider.on('backchannel.success', (ctx, client, accountId, sid) => {
  record({ event: 'backchannel.success', client_id: client.clientId, sub: accountId, sid_present: Boolean(sid) });
});
provider.on('backchannel.error', (ctx, error, client, accountId, sid) => {
  record({
    event: 'backchannel.error',
    client_id: client?.clientId,
    sub: accountId,
    error: `${error?.message ?? error}${error?.cause ? ` (cause: ${error.cause.message ?? error.cause})` : ''}`,
  });
});

// High-security mode: one `http` event per request to the provider (what was sent and answered, no values).
function dpopProofClaims(proof) {
  try {
    return JSON.parse(Buffer.from(proof.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}

if (highSecurity) {
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path.startsWith('/interaction/')) {
      return;
    }
    const body = ctx.oidc?.body ?? (typeof ctx.request.body === 'object' ? ctx.request.body : undefined) ?? {};
    const query = ctx.query ?? {};
    const proof = ctx.get('DPoP');
    const claims = proof ? dpopProofClaims(proof) : {};
    const authorization = ctx.get('Authorization');
    const answer = typeof ctx.body === 'object' && ctx.body !== null && !Buffer.isBuffer(ctx.body) ? ctx.body : {};
    const wwwAuthenticate = ctx.response.get('WWW-Authenticate');
    record({
      event: 'http',
      method: ctx.method,
      path: ctx.path,
      status: ctx.status,
      query: Object.keys(query).sort(),
      form: Object.keys(body).sort(),
      client_assertion_type: body.client_assertion_type,
      authorization_scheme: authorization ? authorization.split(' ')[0] : undefined,
      dpop_proof: Boolean(proof),
      dpop_nonce_in_proof: proof ? typeof claims.nonce === 'string' : undefined,
      dpop_ath_in_proof: proof ? typeof claims.ath === 'string' : undefined,
      dpop_jkt: shortHash(ctx.oidc?.entities?.AccessToken?.jkt),
      error: answer.error ?? (/error="([^"]+)"/.exec(wwwAuthenticate ?? '')?.[1]),
      dpop_nonce_answered: Boolean(ctx.response.get('DPoP-Nonce')),
    });
  });
}

const handle = provider.callback();
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/__interop/events') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ events }));
    return;
  }
  handle(req, res);
});

function stop() {
  server.close();
  server.closeAllConnections?.();
  process.exit(0);
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The JVM that started this process holds its standard input: when it goes away, so do we.
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();

server.listen(port, host, () => {
  console.log(`oidc-provider ready ${issuer}`);
});
