package dev.oidchybrid.filter.internal.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Auth0 organization invitation links ({@code ?invitation=...&organization=...} on any application URL):
 * the two parameters are forwarded to the authorization request so the provider can accept the invitation.
 * Values are checked to be short printable tokens; anything else is not forwarded.
 */
public final class InvitationLink {

    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_\\-.~]{1,256}");

    private InvitationLink() {
    }

    /** @param query the protected request's query parameters (e.g. {@code request::getParameterValues}) */
    public static Map<String, String> forwardedParams(Function<String, String[]> query) {
        Map<String, String> forwarded = new LinkedHashMap<>();
        String invitation = single(query.apply("invitation"));
        if (invitation == null) {
            return forwarded;
        }
        forwarded.put("invitation", invitation);
        String organization = single(query.apply("organization"));
        if (organization != null) {
            forwarded.put("organization", organization);
        }
        return forwarded;
    }

    private static String single(String[] values) {
        if (values == null || values.length != 1 || !VALUE.matcher(values[0]).matches()) {
            return null;
        }
        return values[0];
    }
}
