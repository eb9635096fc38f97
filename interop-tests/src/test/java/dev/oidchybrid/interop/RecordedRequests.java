package dev.oidchybrid.interop;

import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;
import org.htmlunit.util.WebConnectionWrapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every request an HtmlUnit client makes from now on (the authorization request, the form_post callback, ...), so
 * that a test can check what went to the provider and what came back to the application.
 */
final class RecordedRequests {

    private final List<WebRequest> requests = new CopyOnWriteArrayList<>();

    private RecordedRequests() {
    }

    /** Starts recording the requests of {@code client}. */
    static RecordedRequests of(WebClient client) {
        RecordedRequests recorded = new RecordedRequests();
        new WebConnectionWrapper(client) {
            @Override
            public WebResponse getResponse(WebRequest request) throws IOException {
                recorded.requests.add(request);
                return super.getResponse(request);
            }
        };
        return recorded;
    }

    /** The first request made so far whose URL starts with {@code prefix}, with its parameters (query or form). */
    Map<String, String> firstTo(String prefix) {
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
}
