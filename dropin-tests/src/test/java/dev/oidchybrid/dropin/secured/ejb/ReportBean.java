package dev.oidchybrid.dropin.secured.ejb;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

/** An EJB only administrators may call; it reports the caller the web tier propagated to it. */
@Stateless
public class ReportBean {

    @Resource
    private SessionContext context;

    @RolesAllowed("admin")
    public String report() {
        return "caller=" + context.getCallerPrincipal().getName() + " admin=" + context.isCallerInRole("admin");
    }
}
