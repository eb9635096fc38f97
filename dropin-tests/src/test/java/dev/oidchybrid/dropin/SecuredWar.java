package dev.oidchybrid.dropin;

import dev.oidchybrid.dropin.secured.PageServlet;
import dev.oidchybrid.dropin.secured.ejb.ReportBean;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A legacy WAR that authorises the old way, with the container's security only: web.xml
 * {@code <security-constraint>}s ({@code /admin/*} for role {@code admin}, {@code /members/*} for any signed-in
 * user), a servlet guarded by {@code @ServletSecurity} ({@code /staff}), and on WildFly an EJB with
 * {@code @RolesAllowed} behind {@code /members/report} and a JAX-RS resource with {@code @RolesAllowed} at
 * {@code /members/api/report}. No filter, no login-config, no OIDC settings: the operator
 * adds the filter's jar to the server and sets {@code OIDC_AUTO_REGISTER} and {@code OIDC_CONTAINER_AUTH}.
 */
final class SecuredWar {

    static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                     version="6.0">
              <display-name>A legacy application secured by its container</display-name>
              <!-- @RolesAllowed on JAX-RS resources (RESTEasy, WildFly's JAX-RS; ignored elsewhere) -->
              <context-param>
                <param-name>resteasy.role.based.security</param-name>
                <param-value>true</param-value>
              </context-param>
              <servlet>
                <servlet-name>page</servlet-name>
                <servlet-class>dev.oidchybrid.dropin.secured.PageServlet</servlet-class>
              </servlet>
              <servlet-mapping>
                <servlet-name>page</servlet-name>
                <url-pattern>/</url-pattern>
              </servlet-mapping>
              <security-constraint>
                <web-resource-collection>
                  <web-resource-name>administration</web-resource-name>
                  <url-pattern>/admin/*</url-pattern>
                </web-resource-collection>
                <auth-constraint>
                  <role-name>admin</role-name>
                </auth-constraint>
              </security-constraint>
              <security-constraint>
                <web-resource-collection>
                  <web-resource-name>members</web-resource-name>
                  <url-pattern>/members/*</url-pattern>
                </web-resource-collection>
                <auth-constraint>
                  <role-name>**</role-name>
                </auth-constraint>
              </security-constraint>
              <security-role>
                <role-name>admin</role-name>
              </security-role>
            </web-app>
            """;

    private SecuredWar() {
    }

    /** Writes the WAR; {@code withEjb}: with the EJB and its servlet (for a server that runs EJBs). */
    static Path write(Path war, boolean withEjb) {
        List<Class<?>> packages = new ArrayList<>(List.of(PageServlet.class));
        if (withEjb) {
            packages.add(ReportBean.class);
        }
        return LegacyWar.pack(war, WEB_XML, packages, name -> true, List.of());
    }
}
