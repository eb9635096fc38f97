package dev.oidchybrid.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A valid authentication request with PKCE, nonce and state, as a builder tests change one parameter at a time.
 */
final class AuthRequest {

    static final String REDIRECT_URI = "http://localhost:8080/callback";

    final String verifier = Secrets.randomToken() + "-x";
    final Map<String, String> params = new LinkedHashMap<>();

    AuthRequest() {
        params.put("client_id", DevProvider.DEMO_CLIENT_ID);
        params.put("redirect_uri", REDIRECT_URI);
        params.put("response_type", "code");
        params.put("scope", "openid profile email offline_access");
        params.put("state", "state-" + Secrets.randomToken());
        params.put("nonce", "nonce-" + Secrets.randomToken());
        params.put("code_challenge", Pkce.s256(verifier));
        params.put("code_challenge_method", "S256");
    }

    static AuthRequest valid() {
        return new AuthRequest();
    }

    AuthRequest with(String name, String value) {
        params.put(name, value);
        return this;
    }

    AuthRequest without(String name) {
        params.remove(name);
        return this;
    }

    String get(String name) {
        return params.get(name);
    }

    String state() {
        return params.get("state");
    }

    String nonce() {
        return params.get("nonce");
    }

    String redirectUri() {
        return params.get("redirect_uri");
    }
}
