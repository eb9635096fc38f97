package dev.oidchybrid.filter.internal.session;

import java.util.Optional;

/** The session of one request, wherever it is kept; see {@link SessionStore} for what each operation means. */
public interface RequestSession {

    Optional<LoadedSession> load();

    void touch(LoadedSession loaded);

    void saveNewLogin(OidcSession session);

    void update(OidcSession session);

    void clear();

    /** A request's session in a store the filter keeps itself, reached through the request's cookies. */
    static RequestSession in(SessionStore store, CookieJar cookies) {
        return new RequestSession() {
            @Override
            public Optional<LoadedSession> load() {
                return store.load(cookies);
            }

            @Override
            public void touch(LoadedSession loaded) {
                store.touch(cookies, loaded);
            }

            @Override
            public void saveNewLogin(OidcSession session) {
                store.saveNewLogin(cookies, session);
            }

            @Override
            public void update(OidcSession session) {
                store.update(cookies, session);
            }

            @Override
            public void clear() {
                store.clear(cookies);
            }
        };
    }
}
