package dev.oidchybrid.interop;

import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.htmlunit.util.WebConnectionWrapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * HtmlUnit (JavaScript on, so the provider's form_post page submits itself; CSS off) trusting only the test
 * certificate, and knowing node oidc-provider's development login page (devInteractions: a form with
 * {@code login} and {@code password}, posted to {@code /interaction/<uid>}) and its consent page.
 */
final class HtmlUnitBrowser implements AutoCloseable {


    private final WebClient client;
    private final List<WebRequest> requests = new CopyOnWriteArrayList<>();

    HtmlUnitBrowser() {
        client = TestWebClients.create();
        // records every request the browser makes (authorization request, form_post callback, ...)
        new WebConnectionWrapper(client) {
            @Override
            public WebResponse getResponse(WebRequest request) throws IOException {
                requests.add(request);
                return super.getResponse(request);
            }
        };
    }

    /** The first request made so far whose URL starts with {@code prefix}, with its parameters (query or form). */
    Map<String, String> firstRequestTo(String prefix) {
        for (WebRequest request : requests) {
            if (request.getUrl().toString().startsWith(prefix)) {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("(method)", request.getHttpMethod().name());
                for (NameValuePair pair : request.getParameters()) {
                    params.putIfAbsent(pair.getName(), pair.getValue());
                }
                return params;
            }
        }
        throw new AssertionError("no request to " + prefix + "; requests: "
                + requests.stream().map(r -> r.getHttpMethod() + " " + r.getUrl()).toList());
    }

    /** Navigates to {@code url} and returns the page shown. */
    Page open(String url) throws IOException {
        client.getPage(url);
        client.waitForBackgroundJavaScript(100);
        return current();
    }

    Page current() {
        return client.getCurrentWindow().getEnclosedPage();
    }

    /** Whether the page shown is oidc-provider's login form. */
    boolean onNodeLoginPage() {
        return current() instanceof HtmlPage page && page.querySelector("form input[name='login']") != null;
    }

    /**
     * Fills in oidc-provider's login form, submits it, confirms consent if it is asked for, and waits until the
     * browser has left the provider (the form_post page submitted itself to {@code appBaseUrl}).
     */
    Page logInAtNodeProvider(String login, String password, String appBaseUrl) throws IOException {
        if (!onNodeLoginPage()) {
            throw new AssertionError("expected oidc-provider's login page, got " + current().getUrl() + ":\n"
                    + current().getWebResponse().getContentAsString());
        }
        HtmlPage page = (HtmlPage) current();
        ((HtmlInput) page.querySelector("form input[name='login']")).setValue(login);
        ((HtmlInput) page.querySelector("form input[name='password']")).setValue(password);
        TestWebClients.click(page.querySelector("form button[type=\'submit\']"), page);
        return TestWebClients.settleOn(client, appBaseUrl, () -> "");
    }

    @Override
    public void close() {
        client.close();
    }




}
