package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.cluster.Revocations;
import dev.oidchybrid.filter.internal.crypto.Sealer;
import dev.oidchybrid.filter.internal.observe.Telemetry;
import dev.oidchybrid.filter.web.OidcSessions;
import jakarta.servlet.ServletContext;

/**
 * The {@link OidcSessions} of one filter instance in session mode: the application's revocations go to the same
 * {@link Revocations} every request of the filter is checked against (shared by the nodes with
 * {@code shared-state=jcache}). Published as a context attribute at {@code init()}, withdrawn at {@code destroy()}.
 * The log line names a subject or {@code sid} only by a short hash, enough to match two lines of one user.
 */
final class AppRevocations implements OidcSessions {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private final String filterName;
    private final String issuer;
    private final Revocations revocations;
    private final Telemetry telemetry;

    AppRevocations(String filterName, String issuer, Revocations revocations, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.filterName = filterName;
        this.issuer = issuer;
        this.revocations = revocations;
    }

    /** Publishes the revocations of the filter {@code filterName} in {@code context}, replacing an earlier one. */
    static AppRevocations publish(ServletContext context, String filterName, String issuer, Revocations revocations,
                                  Telemetry telemetry) {
        AppRevocations published = new AppRevocations(filterName, issuer, revocations, telemetry);
        context.setAttribute(ATTRIBUTE_PREFIX + filterName, published);
        return published;
    }

    /** Removes this instance from {@code context}, unless another one (a restarted filter) replaced it. */
    void withdraw(ServletContext context) {
        if (context.getAttribute(ATTRIBUTE_PREFIX + filterName) == this) {
            context.removeAttribute(ATTRIBUTE_PREFIX + filterName);
        }
    }

    @Override
    public String filterName() {
        return filterName;
    }

    @Override
    public String issuer() {
        return issuer;
    }

    @Override
    public void revokeSubject(String subject) {
        revoke("subject", subject, () -> revocations.revokeSubject(issuer, subject));
    }

    @Override
    public void revokeSid(String sid) {
        revoke("provider session (sid)", sid, () -> revocations.revokeSid(issuer, sid));
    }

    private void revoke(String kind, String value, Runnable revocation) {
        require(value, kind);
        record(revocation);
        telemetry.sessionsRevoked(Telemetry.RevocationSource.APPLICATION);
        LOG.log(System.Logger.Level.INFO, "OIDC filter ''{0}'': the application revoked {1} #{2}: its sessions "
                + "begun until now end at their next request", filterName, kind, shortHash(value));
    }

    private static void require(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be null or empty");
        }
    }

    private static void record(Runnable revocation) {
        try {
            revocation.run();
        } catch (OidcException e) {
            throw new IllegalStateException("the revocation could not be recorded, nothing was revoked: "
                    + e.description(), e);
        }
    }

    /** Eight characters of the SHA-256 of the issuer and the value: not the value, but the same for the same one. */
    private String shortHash(String value) {
        return Sealer.sha256(issuer + '\u0000' + value).substring(0, 8);
    }

    @Override
    public String toString() {
        return "OidcSessions[filter=" + filterName + ", issuer=" + issuer + "]";
    }
}
