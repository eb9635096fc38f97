package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.crypto.Sealer;
import dev.oidchybrid.filter.internal.crypto.SealingScope;
import dev.oidchybrid.filter.internal.session.LoadedSession;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.internal.session.RequestSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.util.Optional;

/**
 * Keeps the {@link OidcSession} in the container's {@link HttpSession}, so the container's own persistence or
 * replication carries it. A login always gets a new session id ({@code changeSessionId()}); a login of another
 * user (subject or issuer) than the session's gets a new session altogether, without the previous user's
 * application attributes. A DPoP private key is kept sealed (under {@code cookie-keys}), so a session persisted to
 * disk or replicated through a store leaks no key that would make its stolen tokens usable; a session whose key does
 * not unseal here is no session.
 */
public final class HttpSessionStore {

    /** The session attribute name. */
    public static final String ATTRIBUTE = "dev.oidchybrid.filter.session";

    /** Longest sealed DPoP key accepted back: beyond any key this filter generates (RSA 2048 as a JWK). */
    private static final int MAX_SEALED_KEY = 8192;

    private final SealingScope scope;
    private final String attribute;
    private final Sealer keys;

    /**
     * @param scope   the provider and client this filter's sessions belong to: the attribute is named after them,
     *                and a session of another issuer or client (another filter instance of the application, or one
     *                from before the configuration changed, restored by a persistent session store) is not taken
     * @param secrets the {@code cookie-keys} that seal DPoP keys
     */
    public HttpSessionStore(SealingScope scope, java.util.List<String> secrets) {
        this.scope = scope;
        this.attribute = attributeName(scope);
        this.keys = new Sealer(secrets, scope.label("http-session-dpop-key"));
    }

    /** The session attribute a filter of this scope keeps its {@link OidcSession} under. */
    public static String attributeName(SealingScope scope) {
        return ATTRIBUTE + "#" + dev.oidchybrid.filter.internal.crypto.Sealer.sha256(scope.issuer() + "\u0000" + scope.clientId())
                .substring(0, 12);
    }

    /** The session of this request, in the container's {@code HttpSession}. */
    RequestSession of(HttpServletRequest request) {
        return new RequestSession() {
            @Override
            public Optional<LoadedSession> load() {
                return HttpSessionStore.this.load(request).map(s -> new LoadedSession(s, null));
            }

            @Override
            public void touch(LoadedSession loaded) {
                // the container keeps the session alive
            }

            @Override
            public void saveNewLogin(OidcSession session) {
                HttpSessionStore.this.saveNewLogin(request, session);
            }

            @Override
            public void update(OidcSession session) {
                HttpSessionStore.this.update(request, session);
            }

            @Override
            public void clear() {
                HttpSessionStore.this.clear(request);
            }
        };
    }

    private Optional<OidcSession> load(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        try {
            return session.getAttribute(attribute) instanceof OidcSession s && ours(s) ? unsealKey(s)
                    : Optional.empty();
        } catch (IllegalStateException invalidated) {
            return Optional.empty();
        }
    }

    private void saveNewLogin(HttpServletRequest request, OidcSession session) {
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            if (belongsToAnotherUser(existing, session)) {
                // the previous user's application attributes must not reach the new one
                existing.invalidate();
            } else {
                request.changeSessionId();
            }
        }
        request.getSession(true).setAttribute(attribute, sealKey(session));
    }

    private OidcSession sealKey(OidcSession session) {
        String key = session.tokens().dpopKey();
        return key == null ? session : new OidcSession(session.tokens().withDpopKey(keys.seal(key)), session.claims(),
                session.principal(), session.loggedInAt(), session.id());
    }

    private Optional<OidcSession> unsealKey(OidcSession session) {
        String sealed = session.tokens().dpopKey();
        if (sealed == null) {
            return Optional.of(session);
        }
        return keys.unseal(sealed, MAX_SEALED_KEY).map(key -> new OidcSession(session.tokens().withDpopKey(key),
                session.claims(), session.principal(), session.loggedInAt(), session.id()));
    }

    private boolean ours(OidcSession session) {
        return scope.issuer().equals(session.principal().issuer()) && scope.isAudience(session.claims().get("aud"));
    }

    private boolean belongsToAnotherUser(HttpSession existing, OidcSession login) {
        try {
            return existing.getAttribute(attribute) instanceof OidcSession previous
                    && !(previous.principal().subject().equals(login.principal().subject())
                    && previous.principal().issuer().equals(login.principal().issuer()));
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }

    private void update(HttpServletRequest request, OidcSession session) {
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            try {
                existing.setAttribute(attribute, sealKey(session));
            } catch (IllegalStateException invalidated) {
                // logged out meanwhile: nothing to update
            }
        }
    }

    private void clear(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // nothing left to end
            }
        }
    }
}
