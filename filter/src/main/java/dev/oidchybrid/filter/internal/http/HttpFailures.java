package dev.oidchybrid.filter.internal.http;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import jakarta.ws.rs.ProcessingException;

import java.net.SocketTimeoutException;

/** Maps transport failures of calls to the provider onto coded {@link OidcException}s. */
public final class HttpFailures {

    private HttpFailures() {
    }

    public static OidcException unavailable(String description) {
        return new OidcException(ErrorCode.OP_UNAVAILABLE, description, "");
    }

    /**
     * A Jersey transport failure: a refused redirect becomes {@code op_bad_response}, a timeout
     * {@code op_timeout}, anything else {@code op_unavailable}.
     */
    public static OidcException fromProcessing(String what, ProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProviderClients.RedirectRefused redirect) {
                return new OidcException(ErrorCode.OP_BAD_RESPONSE, what + " " + redirect.getMessage(), "", e);
            }
            if (t instanceof SocketTimeoutException) {
                return new OidcException(ErrorCode.OP_TIMEOUT, what + " timed out", "", e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new OidcException(ErrorCode.OP_UNAVAILABLE,
                what + " failed: " + root.getClass().getSimpleName() + ": " + root.getMessage(), "", e);
    }
}
