package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.selfcheck.Finding;

import java.util.List;

/** What the composition root tells the operator once per filter instance: missing settings and the self-check. */
final class StartupLog {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private StartupLog() {
    }

    static void warnWithoutBaseUrl(OidcConfig config) {
        if (config.paths().baseUrl().isEmpty() && config.bearer().enabled()) {
            LOG.log(System.Logger.Level.WARNING, "base-url is not set: DPoP proofs must name the URL of the socket a "
                    + "request arrives on (never its Host or forwarded headers), so proofs for the API's external URL "
                    + "behind a proxy are refused; set base-url to the API's external URL");
        }
        if (config.paths().baseUrl().isEmpty() && !config.bearer().enabled()) {
            LOG.log(System.Logger.Level.WARNING, "base-url is not set: redirect_uri and cookie security follow each "
                    + "request''s Host header{0}; set base-url to the application''s external URL in production",
                    config.paths().trustForwardedHeaders() ? " and its X-Forwarded-* headers (last value of each)" : "");
        }
    }

    /** The start-up self-check, once per filter: one log line per finding, saying what to change. */
    static void selfCheck(List<Finding> findings) {
        for (Finding finding : findings) {
            LOG.log(switch (finding.severity()) {
                case ERROR -> System.Logger.Level.ERROR;
                case WARNING -> System.Logger.Level.WARNING;
                case INFO -> System.Logger.Level.INFO;
            }, "OIDC self-check: {0}", finding.line());
        }
        if (findings.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "OIDC self-check: the provider advertises everything this "
                    + "configuration uses");
        }
    }
}
