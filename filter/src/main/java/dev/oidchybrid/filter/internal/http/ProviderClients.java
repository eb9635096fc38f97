package dev.oidchybrid.filter.internal.http;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.client.ClientProperties;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the one Jersey client a filter (or the command-line check) uses for every call to the provider:
 * discovery, JWKS, token, UserInfo. It never follows redirects: a token endpoint answering 307 elsewhere would
 * otherwise get the code, the PKCE verifier and (with {@code client_secret_post}) the secret re-posted to
 * another origin. A redirect answer becomes {@code op_bad_response} naming only the Location's origin.
 */
public final class ProviderClients {

    private ProviderClients() {
    }

    /** A client with the given timeouts that refuses redirects. Close it when the filter is destroyed. */
    public static Client create(Duration connectTimeout, Duration readTimeout) {
        return ClientBuilder.newBuilder()
                // entity providers for types the filter never reads; DataSource's would warn at every start
                // when jakarta.activation is absent, which is noise in the operator's log
                .property(CommonProperties.PROVIDER_DEFAULT_DISABLE, "DATASOURCE,DOMSOURCE,RENDEREDIMAGE,SAXSOURCE,SOURCE")
                .property(ClientProperties.FOLLOW_REDIRECTS, false)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .register(new RefuseRedirects())
                .build();
    }

    /** Thrown (inside Jersey's processing exception) for a 3xx answer from the provider. */
    static final class RedirectRefused extends IOException {
        private static final long serialVersionUID = 1L;

        RedirectRefused(String message) {
            super(message);
        }
    }

    /** Turns every 3xx answer into a failure before any caller reads it. */
    static final class RefuseRedirects implements ClientResponseFilter {
        @Override
        public void filter(ClientRequestContext request, ClientResponseContext response) throws IOException {
            int status = response.getStatus();
            if (status >= 300 && status < 400) {
                throw new RedirectRefused("answered HTTP " + status + " redirecting to "
                        + origin(response.getHeaderString("Location")) + " (provider calls never follow redirects: "
                        + "configure the endpoint's final URL at the provider)");
            }
        }
    }

    /** Scheme, host and port of a Location value: never its path or query, which may hold a code. */
    static String origin(String location) {
        if (location == null) {
            return "(no Location)";
        }
        try {
            URI uri = URI.create(location.trim());
            if (uri.getHost() == null) {
                return "(a relative Location)";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "(an unreadable Location)";
        }
    }
}
