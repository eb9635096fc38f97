package dev.oidchybrid.it;

import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.junit.LoggedInClient;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URL;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session's request attributes on each container, where the container hands out a request other than the
 * one the filter passed on: its error page (after {@code sendError} and after an exception) and an asynchronous
 * context read on another thread; and on the plain request. A copy of the sample WAR with a probe servlet
 * ({@link dev.oidchybrid.it.probe.AttributesProbe}).
 */
@RunAsClient
class RequestAttributesIT {

    @RegisterExtension
    @Order(1)
    static final OidcTestKit oidc = ItOidc.kit();

    @RegisterExtension
    @Order(2)
    static final ArquillianExtension arquillian = new ArquillianExtension();

    private static final String ALL = "claims=true idToken=true accessToken=true";

    @Deployment(testable = false)
    static WebArchive probed() {
        return SampleWar.withDeclarations("attributes.war", """
                  <servlet>
                    <servlet-name>attributes-probe</servlet-name>
                    <servlet-class>dev.oidchybrid.it.probe.AttributesProbe</servlet-class>
                    <async-supported>true</async-supported>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>attributes-probe</servlet-name>
                    <url-pattern>/probe/*</url-pattern>
                  </servlet-mapping>
                  <servlet>
                    <servlet-name>attributes-error-page</servlet-name>
                    <servlet-class>dev.oidchybrid.it.probe.AttributesProbe$ErrorPage</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>attributes-error-page</servlet-name>
                    <url-pattern>/public/probe-error</url-pattern>
                  </servlet-mapping>
                  <error-page>
                    <error-code>500</error-code>
                    <location>/public/probe-error</location>
                  </error-page>
                """, "dev.oidchybrid.it.probe.AttributesProbe", "dev.oidchybrid.it.probe.AttributesProbe$ErrorPage");
    }

    @ArquillianResource
    private URL base;

    private LoggedInClient alice;

    @BeforeEach
    void signIn() {
        base = ItOidc.onLocalhost(base);
        alice = oidc.loggedIn(DemoUser.alice(), base + "probe/attrs");
    }

    @Test
    void probeWhenSignedInThenTheServletSeesTheAttributes() {
        HttpResponse<String> page = alice.get(base + "probe/attrs");
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("probe " + ALL, page.body());
    }

    @Test
    void errorPageWhenTheServletSendsAnErrorThenTheContainersErrorPageSeesTheAttributes() {
        HttpResponse<String> page = alice.get(base + "probe/fail");
        assertEquals(500, page.statusCode(), page.body());
        assertTrue(page.body().contains("error page " + ALL), page.body());
    }

    @Test
    void errorPageWhenTheServletThrowsThenTheContainersErrorPageSeesTheAttributes() {
        HttpResponse<String> page = alice.get(base + "probe/throw");
        assertEquals(500, page.statusCode(), page.body());
        assertTrue(page.body().contains("error page " + ALL), page.body());
    }

    @Test
    void startAsyncWhenTheContextIsReadOnAnotherThreadThenItCarriesTheAttributes() {
        HttpResponse<String> page = alice.get(base + "probe/async");
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("async " + ALL, page.body());
    }
}
