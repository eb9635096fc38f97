package dev.oidchybrid.sample;

import dev.oidchybrid.filter.internal.token.TokenSet;
import dev.oidchybrid.filter.session.OidcPrincipal;
import dev.oidchybrid.filter.web.OidcAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /}: the public home page. The filter runs here in its optional mode ({@code optional-paths=/}): with
 * a session the page shows who is signed in, the roles, the ID token claims, the access token's expiry and whether
 * a refresh token is held; without one it shows a "Sign in" link ({@code /sign-in}, which logs in and comes back
 * here). Every value from a token is HTML-escaped.
 */
public class HomeServlet extends JsonServlet {

    /** Claims that hold times (seconds since the epoch): shown with the instant too. */
    private static final Set<String> TIME_CLAIMS = Set.of("exp", "iat", "nbf", "auth_time", "updated_at");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder body = new StringBuilder("<h1>OIDC Hybrid Filter sample</h1><p>A plain Jakarta EE web "
                + "application whose login is the OIDC Hybrid Filter, a servlet filter: OpenID Connect (hybrid flow, "
                + "PKCE, form_post) with the provider, and the standard <code>getUserPrincipal()</code> and "
                + "<code>isUserInRole()</code> for the application. This page is public; the pages it links to "
                + "ask you to sign in.</p>");
        Object claims = request.getAttribute(OidcAttributes.CLAIMS);
        OidcPrincipal user = request.getUserPrincipal() instanceof OidcPrincipal p ? p : null;
        if (user == null || !(claims instanceof Map<?, ?> claimMap)) {
            body.append("<p class=\"status anonymous\">You are not signed in. <a href=\"sign-in\">Sign in</a></p>");
            links(body);
        } else {
            body.append("<p class=\"status\">Signed in as <strong>").append(HtmlPage.escape(user.getName()))
                    .append("</strong>").append(displayName(claimMap)).append(". <a href=\"logout\">Sign out</a></p>");
            links(body);
            session(body, user, request.getAttribute(OidcAttributes.TOKEN_SET));
            body.append("<h2>ID token claims</h2><table>");
            claimMap.forEach((name, value) -> row(body, String.valueOf(name), render(String.valueOf(name), value)));
            body.append("</table>");
        }
        HtmlPage.write(response, HttpServletResponse.SC_OK, "OIDC Hybrid Filter sample", body.toString());
    }

    private static String displayName(Map<?, ?> claims) {
        Object name = claims.get("name");
        Object email = claims.get("email");
        String shown = name instanceof String n ? n : email instanceof String e ? e : null;
        return shown == null ? "" : " (" + HtmlPage.escape(shown) + ")";
    }

    private static void links(StringBuilder body) {
        body.append("<h2>Pages</h2><ul>"
                + "<li><a href=\"profile\">/profile</a> — your ID token claims as JSON</li>"
                + "<li><a href=\"hello\">/hello</a> — hello, you (<code>getUserPrincipal()</code>)</li>"
                + "<li><a href=\"whoami\">/whoami</a> — principal, auth type and roles as the servlet API sees "
                + "them</li>"
                + "<li><a href=\"api-demo\">/api-demo</a> — calls the sample's own API "
                + "(<code>/api/appointments</code>, the filter in bearer mode) with your access token</li>"
                + "<li><a href=\"admin\">/admin</a> — for role <code>admin</code> only, checked by the container's "
                + "<code>&lt;security-constraint&gt;</code> (alice is an admin, bob is not)</li>"
                + "<li><a href=\"logout-everywhere\">/logout-everywhere</a> — end your sessions on every device</li>"
                + "<li><a href=\"public/hello\">/public/hello</a> — not behind the filter at all</li>"
                + "</ul>");
    }

    private static void session(StringBuilder body, OidcPrincipal user, Object tokenSet) {
        body.append("<h2>Your session</h2><table>");
        row(body, "roles", user.sortedRoles().isEmpty() ? "(none)"
                : HtmlPage.escape(String.join(", ", user.sortedRoles())));
        if (tokenSet instanceof TokenSet tokens) {
            row(body, "access token", tokens.accessToken() == null ? "none issued"
                    : tokens.accessTokenExpiry().map(HomeServlet::expiry).orElse("held, expiry not given"));
            row(body, "refresh token", tokens.refresh().isPresent() ? "held" : "none");
        }
        body.append("</table>");
    }

    private static String expiry(Instant at) {
        long seconds = Duration.between(Instant.now(), at).toSeconds();
        String when = HtmlPage.escape(at.truncatedTo(ChronoUnit.SECONDS).toString());
        return seconds > 0 ? "expires " + when + " (in " + seconds + " s)" : "expired " + when + " (refreshed when "
                + "next needed)";
    }

    /** A claim value as escaped HTML: strings as they are, anything else as JSON, times with their instant. */
    private String render(String name, Object value) {
        String text = value instanceof String s ? s : toJson(value);
        if (TIME_CLAIMS.contains(name) && value instanceof Number seconds) {
            text += "  (" + Instant.ofEpochSecond(seconds.longValue()) + ")";
        }
        return HtmlPage.escape(text);
    }

    private static void row(StringBuilder body, String name, String html) {
        body.append("<tr><th>").append(HtmlPage.escape(name)).append("</th><td>").append(html).append("</td></tr>");
    }
}
