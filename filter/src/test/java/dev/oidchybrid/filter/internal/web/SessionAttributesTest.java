package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.client.OidcAccessTokens;
import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.web.OidcAttributes;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session's request attributes in session mode, answered by the filter's request wrapper rather than written
 * onto every request: what the application reads, lists, overrides and removes, what is left after
 * {@code logout()}, and where they are written onto the request beneath (an error page, an asynchronous context)
 * because the container hands that one out without the wrapper.
 */
class SessionAttributesTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();

    /** The attributes of {@link OidcAttributes} a signed-in request carries in session mode. */
    private static final List<String> NAMES = List.of(OidcAttributes.ID_TOKEN, OidcAttributes.ACCESS_TOKEN,
            OidcAttributes.CLAIMS, OidcAttributes.TOKEN_SET, OidcAttributes.PRINCIPAL);

    /** What the application filter in front of the OIDC filter saw on its own (unwrapped) request afterwards. */
    private static final AtomicReference<Object> BENEATH = new AtomicReference<>();

    private JettyApp app;
    private Browser browser;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> env = provider.environment();
        app = new JettyApp(context -> {
            // an application filter before the OIDC filter: reads its own request once the chain has run
            context.addFilter(new FilterHolder((Filter) (request, response, chain) -> {
                if (request.getParameter("plant") != null) {
                    // what another filter instance in front (bearer mode, another provider) leaves on the request
                    request.setAttribute(OidcAttributes.CLAIMS, Map.of("sub", "mallory"));
                    request.setAttribute(OidcAttributes.ACCESS_TOKEN, "mallory's token");
                }
                chain.doFilter(request, response);
                BENEATH.set(request.getAttribute(OidcAttributes.CLAIMS));
            }), "/*", EnumSet.of(DispatcherType.REQUEST));
            FilterHolder filter = new FilterHolder(new OidcFilterCore(env::get, Clock.systemUTC(),
                    new SecureRandom()));
            filter.setInitParameter("exclude-paths", "/public/*");
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new AttributesServlet()), "/attrs");
            context.addServlet(new ServletHolder(new FailingServlet()), "/fail/*");
            context.addServlet(new ServletHolder(new AsyncServlet()), "/async/*");
            context.addServlet(new ServletHolder(new AttributesServlet()), "/public/show");
            ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
            errors.addErrorPage(500, "/public/show");
            errors.addErrorPage(418, "/public/show");
            context.setErrorHandler(errors);
        });
        browser = new Browser();
        HttpResponse<String> login = browser.navigate(app.base() + "/attrs");
        assertEquals(302, login.statusCode(), login.body());
        browser.submit(browser.signInAtProvider(login, "alice", "alice-password"));
        BENEATH.set(null);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    /** Prints each attribute's presence, after the changes asked for by parameters. */
    static final class AttributesServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            if (req.getParameter("remove") != null) {
                req.removeAttribute(req.getParameter("remove"));
            }
            if (req.getParameter("null") != null) {
                req.setAttribute(req.getParameter("null"), null);
            }
            if (req.getParameter("set") != null) {
                req.setAttribute(req.getParameter("set"), "the application's own");
            }
            if (req.getParameter("logout") != null) {
                req.logout();
            }
            resp.setContentType("text/plain");
            StringBuilder out = new StringBuilder();
            List<String> names = Collections.list(req.getAttributeNames());
            for (String name : NAMES) {
                Object value = req.getAttribute(name);
                out.append(name).append('=').append(value == null ? "absent" : value instanceof String s
                        && s.equals("the application's own") ? s : "present").append(" listed=")
                        .append(names.contains(name)).append('\n');
            }
            Object claims = req.getAttribute(OidcAttributes.CLAIMS);
            out.append("sub=").append(claims instanceof Map<?, ?> map ? map.get("sub") : null).append('\n');
            out.append("user=").append(req.getUserPrincipal() == null ? "anonymous" : req.getUserPrincipal().getName())
                    .append('\n');
            out.append("token=").append(OidcAccessTokens.of(req).isPresent()).append('\n');
            resp.getWriter().write(out.toString());
        }
    }

    /** {@code /fail/status}: a 500 by {@code sendError}; {@code /fail/throw}: an exception. */
    static final class FailingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            if (req.getParameter("remove") != null) {
                req.removeAttribute(req.getParameter("remove"));
            }
            if ("/throw".equals(req.getPathInfo())) {
                throw new ServletException("the application failed");
            }
            resp.sendError("/teapot".equals(req.getPathInfo()) ? 418 : 500);
        }
    }

    /** {@code /async/context}: reads the attributes from the asynchronous context; {@code /async/dispatch}: on. */
    static final class AsyncServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            AsyncContext async = req.startAsync();
            if ("/dispatch".equals(req.getPathInfo())) {
                async.dispatch("/public/show");
                return;
            }
            async.start(() -> {
                ServletRequest request = async.getRequest();
                try {
                    async.getResponse().getWriter().write("claims=" + (request.getAttribute(OidcAttributes.CLAIMS)
                            != null) + " idToken=" + (request.getAttribute(OidcAttributes.ID_TOKEN) != null));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                async.complete();
            });
        }
    }

    private String get(String pathAndQuery) {
        HttpResponse<String> page = browser.navigate(app.base() + pathAndQuery);
        return page.statusCode() + "\n" + page.body();
    }

    @Test
    void getAttributeWhenSignedInThenEachIsPresentAndListed() {
        String page = get("/attrs");
        for (String name : NAMES) {
            assertTrue(page.contains(name + "=present listed=true"), page);
        }
        assertTrue(page.contains("user=alice-0001") && page.contains("token=true"), page);
    }

    @Test
    void removeAttributeWhenTheApplicationRemovesOneThenItIsGoneAndUnlisted() {
        String page = get("/attrs?remove=" + OidcAttributes.ACCESS_TOKEN + "&null=" + OidcAttributes.ID_TOKEN);
        assertTrue(page.contains(OidcAttributes.ACCESS_TOKEN + "=absent listed=false"), page);
        assertTrue(page.contains(OidcAttributes.ID_TOKEN + "=absent listed=false"), page);
        assertTrue(page.contains(OidcAttributes.CLAIMS + "=present listed=true"), page);
    }

    @Test
    void setAttributeWhenTheApplicationSetsOneThenItsOwnValueWins() {
        String page = get("/attrs?remove=" + OidcAttributes.CLAIMS + "&set=" + OidcAttributes.CLAIMS);
        assertTrue(page.contains(OidcAttributes.CLAIMS + "=the application's own listed=true"), page);
    }

    @Test
    void getAttributeWhenAnotherFilterLeftValuesBeneathThenThisSessionsValuesWin() {
        String page = get("/attrs?plant=1");
        assertTrue(page.contains("sub=alice-0001") && !page.contains("mallory"), page);
        assertTrue(page.contains(OidcAttributes.ACCESS_TOKEN + "=present"), page);
    }

    @Test
    void errorPageWhenTheApplicationRemovedOneThenItStaysRemoved() {
        String page = get("/fail/status?remove=" + OidcAttributes.ACCESS_TOKEN);
        assertTrue(page.startsWith("500"), page);
        assertTrue(page.contains(OidcAttributes.ACCESS_TOKEN + "=absent") && page.contains(OidcAttributes.CLAIMS
                + "=present"), page);
    }

    @Test
    void errorPageWhenAnotherFilterLeftValuesBeneathThenItSeesThisSessions() {
        String page = get("/fail/status?plant=1");
        assertTrue(page.startsWith("500") && page.contains("sub=alice-0001") && !page.contains("mallory"), page);
    }

    @Test
    void logoutWhenTheApplicationLogsOutThenNoTokenIsLeftOnTheRequest() {
        String page = get("/attrs?logout=1");
        for (String name : NAMES) {
            assertTrue(page.contains(name + "=absent listed=false"), page);
        }
        assertTrue(page.contains("user=anonymous") && page.contains("token=false"), page);
    }

    @Test
    void passOnWhenTheRequestEndsWellThenNothingIsWrittenOntoTheRequestBeneath() {
        assertTrue(get("/attrs").startsWith("200"));
        assertNull(BENEATH.get(), "the attributes are the wrapper's: a plain request writes none");
    }

    @Test
    void errorPageWhenTheApplicationSendsAnErrorThenItSeesTheAttributes() {
        String page = get("/fail/status");
        assertTrue(page.startsWith("500"), page);
        assertTrue(page.contains(OidcAttributes.CLAIMS + "=present") && page.contains(OidcAttributes.ID_TOKEN
                + "=present"), "the container's error page gets the request beneath the wrapper: " + page);
        String teapot = get("/fail/teapot");
        assertTrue(teapot.startsWith("418") && teapot.contains(OidcAttributes.CLAIMS + "=present"), teapot);
    }

    @Test
    void errorPageWhenTheApplicationThrowsThenItSeesTheAttributes() {
        String page = get("/fail/throw");
        assertTrue(page.startsWith("500"), page);
        assertTrue(page.contains(OidcAttributes.CLAIMS + "=present") && page.contains(OidcAttributes.ACCESS_TOKEN
                + "=present"), page);
    }

    @Test
    void startAsyncWhenTheContextHandsOutTheRequestBeneathThenItCarriesTheAttributes() {
        String page = get("/async/context");
        assertEquals("200\nclaims=true idToken=true", page);
    }

    @Test
    void asyncDispatchWhenTheFilterIsNotMappedForItThenTheTargetStillSeesTheAttributes() {
        String page = get("/async/dispatch");
        assertTrue(page.startsWith("200") && page.contains(OidcAttributes.CLAIMS + "=present"), page);
        assertFalse(page.contains("user=alice"), "as before: the principal is the wrapper's, the attributes are kept");
    }
}
