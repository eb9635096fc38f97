package dev.oidchybrid.dropin.secured.ejb;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

/**
 * A JAX-RS resource of the server's own JAX-RS (WildFly's RESTEasy, with {@code resteasy.role.based.security}):
 * {@code GET /members/api/report}, {@code @RolesAllowed("admin")}.
 */
@ApplicationPath("/members/api")
public class ReportsApi extends Application {

    /** The resource. */
    @Path("/report")
    public static class Report {

        @GET
        @Produces("text/plain")
        @RolesAllowed("admin")
        public String get(@Context SecurityContext security) {
            return "jaxrs " + security.getUserPrincipal().getName() + " admin=" + security.isUserInRole("admin");
        }
    }
}
