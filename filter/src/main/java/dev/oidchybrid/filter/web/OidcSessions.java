package dev.oidchybrid.filter.web;

import jakarta.servlet.ServletContext;

import java.util.Collections;
import java.util.List;

/**
 * Ends sessions from the application: "log out everywhere", a password change, an administrator locking an account.
 * Every session of the subject (or of the provider session) that began no later than the call ends at its next
 * request, on every node when {@code shared-state=jcache}, whatever the {@code session-store}; the user then gets
 * what any unauthenticated request gets (a page navigation goes to the login, anything else a 401). A login after
 * the call is not affected: the user can sign in again at once. The same revocation list as back-channel logout
 * (OpenID Connect Back-Channel Logout 1.0 §2.7) holds it, for as long as a revoked session could still be presented.
 *
 * <p>Each filter instance in session mode publishes one when it starts (a bearer-mode instance keeps no sessions and
 * publishes none); a subject is one of its configured issuer.
 *
 * <pre>{@code
 * OidcPrincipal user = (OidcPrincipal) request.getUserPrincipal();
 * OidcSessions.of(request.getServletContext()).revokeSubject(user.subject());
 * }</pre>
 */
public interface OidcSessions {

    /** The context attribute a filter instance publishes itself under: this prefix and its filter name. */
    String ATTRIBUTE_PREFIX = OidcSessions.class.getName() + "/";

    /** The name of the filter instance whose sessions these are. */
    String filterName();

    /** The issuer whose subjects and provider sessions these are (the filter's configured one). */
    String issuer();

    /**
     * Ends every session of this subject ({@code sub}) that began no later than now, at its next request.
     *
     * @throws IllegalArgumentException when {@code subject} is null or empty
     * @throws IllegalStateException    when the shared state (JCache) cannot record it: nothing was revoked
     */
    void revokeSubject(String subject);

    /**
     * Ends every session of this provider session ({@code sid} claim of its ID token) that began no later than now,
     * at its next request. A session whose ID token had no {@code sid} is not matched: use {@link #revokeSubject}.
     *
     * @throws IllegalArgumentException when {@code sid} is null or empty
     * @throws IllegalStateException    when the shared state (JCache) cannot record it: nothing was revoked
     */
    void revokeSid(String sid);

    /**
     * The sessions of the one filter instance in session mode of this application.
     *
     * @throws IllegalStateException when none has started, or several have (then name one: {@link #of(ServletContext,
     *                               String)})
     */
    static OidcSessions of(ServletContext context) {
        List<String> names = published(context);
        if (names.size() == 1) {
            return of(context, names.get(0));
        }
        throw new IllegalStateException(names.isEmpty()
                ? "no OIDC filter in session mode has started in this application (a bearer-mode filter keeps no "
                        + "sessions; filters start with the application, after its context listeners)"
                : names.size() + " OIDC filters in session mode run in this application " + names
                        + ": choose one with OidcSessions.of(context, filterName)");
    }

    /**
     * The sessions of the filter instance in session mode named {@code filterName} (its {@code <filter-name>}).
     *
     * @throws IllegalStateException when no such filter has started
     */
    static OidcSessions of(ServletContext context, String filterName) {
        if (context.getAttribute(ATTRIBUTE_PREFIX + filterName) instanceof OidcSessions sessions) {
            return sessions;
        }
        throw new IllegalStateException("no OIDC filter in session mode named '" + filterName + "' has started in "
                + "this application; started: " + published(context));
    }

    private static List<String> published(ServletContext context) {
        return Collections.list(context.getAttributeNames()).stream().filter(n -> n.startsWith(ATTRIBUTE_PREFIX))
                .filter(n -> context.getAttribute(n) instanceof OidcSessions)
                .map(n -> n.substring(ATTRIBUTE_PREFIX.length())).sorted().toList();
    }
}
