package dev.oidchybrid.sample;

import dev.oidchybrid.filter.web.OidcAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /profile}: the validated ID token claims of the session as JSON, plus
 * {@code "access_token_present": true|false}, which tells whether the token endpoint issued an access token.
 */
public class ProfileServlet extends JsonServlet {

    /** The extra member added to the claims. */
    public static final String ACCESS_TOKEN_PRESENT = "access_token_present";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object claims = request.getAttribute(OidcAttributes.CLAIMS);
        if (!(claims instanceof Map<?, ?> claimsMap)) {
            // Only reachable when the filter is not mapped in front of this servlet.
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    "no ID token claims on this request: is OidcHybridFilter mapped to /profile?");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        claimsMap.forEach((name, value) -> body.put(String.valueOf(name), value));
        body.put(ACCESS_TOKEN_PRESENT, request.getAttribute(OidcAttributes.ACCESS_TOKEN) != null);
        writeJson(response, body);
    }
}
