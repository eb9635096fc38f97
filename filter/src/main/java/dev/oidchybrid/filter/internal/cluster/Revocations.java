package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.internal.token.LogoutTokenValidator.LogoutRequest;

/**
 * Sessions ended from outside the request that holds them: back-channel logouts (by provider session
 * {@code sid}, or by subject for every earlier session of that user) and logouts of sessions that live only in
 * the browser (the {@code cookie} store), so that a copy of the cookie is refused afterwards. Every request
 * checks its session here; in a cluster the list is shared, so a logout received by one node holds on all. The
 * application's own revocations ({@code OidcSessions}) end, like a logout by subject, only the sessions that began
 * no later than the revocation, so the user can sign in again at once.
 */
public interface Revocations {

    /** Records a validated back-channel logout. */
    void record(LogoutRequest logout);

    /** Records that the session with this id ended (its cookie may still exist somewhere). */
    void revokeSession(String sessionId);

    /** Ends every session of this subject that began (logged in) no later than now; later logins stay. */
    void revokeSubject(String issuer, String subject);

    /**
     * Ends every session of this provider session ({@code sid}) that began no later than now; later logins stay,
     * even with the same {@code sid} (the provider's single sign-on session may outlive the revocation).
     */
    void revokeSid(String issuer, String sid);

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

    /** A provider session revoked by the application: it ends the sessions of that {@code sid} begun before. */
    static String sidBeforeKey(String issuer, String sid) {
        return "sbt\u0000" + issuer + '\u0000' + sid;
    }

    static String sessionKey(String sessionId) {
        return "ses\u0000" + sessionId;
    }
}
