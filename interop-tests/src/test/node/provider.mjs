// A real, OpenID-certified provider (panva's oidc-provider) set up for the interop tests of the OIDC Hybrid
// Filter. The Java tests start it with `node provider.mjs` and configure it through the environment:
//
//   OP_PORT                      port to listen on (required; the tests pick a free one up front)
//   OP_HOST                      address to bind, default 127.0.0.1
//   OP_ISSUER                    issuer URL, default http://<OP_HOST>:<OP_PORT>
//   OP_CLIENT_ID / OP_CLIENT_SECRET   the one confidential client (client_secret_basic)
//   OP_REDIRECT_URIS             the client's redirect URIs, separated by commas or spaces
//   OP_POST_LOGOUT_REDIRECT_URIS its post-logout redirect URIs, the same way (optional)
//   OP_ACCESS_TOKEN_TTL          access token lifetime in seconds, default 300 (ID tokens live as long)
//
// It prints "oidc-provider ready <issuer>" once it listens, logs protocol errors to stderr, and exits when
// its standard input closes (the JVM that started it ended, even abruptly) or on SIGTERM/SIGINT.
//
// Development only: devInteractions is its built-in login page (any login name and any non-empty password;
// the login name becomes `sub`), and consent is granted automatically for the test client.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
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
const clientSecret = required('OP_CLIENT_SECRET');
const redirectUris = list(required('OP_REDIRECT_URIS'));
const postLogoutRedirectUris = list(env.OP_POST_LOGOUT_REDIRECT_URIS);
const accessTokenTtl = Number(env.OP_ACCESS_TOKEN_TTL ?? 300);

// The response types the filter supports (OpenID Connect Core 1.0 §3.1 code flow, §3.3 hybrid flow).
const responseTypes = ['code', 'code id_token', 'code token', 'code id_token token'];

// A fresh signing key per run, so nothing secret lives in the repository.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' };

const configuration = {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    token_endpoint_auth_method: 'client_secret_basic',
    application_type: 'web',
    redirect_uris: redirectUris,
    post_logout_redirect_uris: postLogoutRedirectUris,
    response_types: responseTypes,
    grant_types: ['authorization_code', 'implicit', 'refresh_token'],
    id_token_signed_response_alg: 'RS256',
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

const server = createServer(provider.callback());

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
