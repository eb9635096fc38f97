package dev.oidchybrid.sample;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /whoami}: what the container-facing request API says about the user, as JSON. It proves the
 * filter's request wrapper: {@code getUserPrincipal()}, {@code getRemoteUser()}, {@code getAuthType()} and
 * {@code isUserInRole(..)} for the roles in {@link #PROBED_ROLES}.
 */
public class WhoAmIServlet extends JsonServlet {

    /** The roles whose membership the answer reports. */
    public static final List<String> PROBED_ROLES = List.of("admin", "user");

    /**
     * The answer.
     *
     * @param principal  the user principal's name, absent without one
     * @param remoteUser {@code getRemoteUser()}
     * @param authType   {@code getAuthType()}, {@code "OIDC"} behind the filter
     * @param roles      role name to {@code isUserInRole(role)}
     */
    @JsonbPropertyOrder({"principal", "remoteUser", "authType", "roles"})
    public record WhoAmI(
            String principal,
            @JsonbProperty("remote_user") String remoteUser,
            @JsonbProperty("auth_type") String authType,
            Map<String, Boolean> roles) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal principal = request.getUserPrincipal();
        Map<String, Boolean> roles = new LinkedHashMap<>();
        for (String role : PROBED_ROLES) {
            roles.put(role, request.isUserInRole(role));
        }
        writeJson(response, new WhoAmI(principal == null ? null : principal.getName(), request.getRemoteUser(),
                request.getAuthType(), roles));
    }
}
