package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.internal.token.LogoutTokenValidator.LogoutRequest;

/**
 * Sessions ended from outside the request that holds them: back-channel logouts (by provider session
 * {@code sid}, or by subject for every earlier session of that user) and logouts of sessions that live only in
 * the browser (the {@code cookie} store), so that a copy of the cookie is refused afterwards. Every request
 * checks its session here; in a cluster the list is shared, so a logout received by one node holds on all.
 */
public interface Revocations {

    /** Records a validated back-channel logout. */
    void record(LogoutRequest logout);

    /** Records that the session with this id ended (its cookie may still exist somewhere). */
    void revokeSession(String sessionId);

    /** Whether a logout recorded here has ended this session. */
    boolean isLoggedOut(RevocationCheck session);

    /** The keys a session is checked under; shared by the implementations so they agree. */
    static String sidKey(String issuer, String sid) {
        return "sid\u0000" + issuer + '\u0000' + sid;
    }

    static String subKey(String issuer, String subject) {
        return "sub\u0000" + issuer + '\u0000' + subject;
    }

    /**
     * A logout by {@code sid} also ends the subject's sessions that have no {@code sid} (their ID token had
     * none): those cannot be matched any other way.
     */
    static String subWithoutSidKey(String issuer, String subject) {
        return "sns\u0000" + issuer + '\u0000' + subject;
    }

    static String sessionKey(String sessionId) {
        return "ses\u0000" + sessionId;
    }
}
