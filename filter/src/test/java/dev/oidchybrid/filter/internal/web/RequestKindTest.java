package dev.oidchybrid.filter.internal.web;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.oidchybrid.filter.testing.FakeRequests.request;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestKindTest {

    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    void isNavigationWhenBrowserNavigatesThenTrue() {
        assertTrue(RequestKind.isNavigation(request("GET", Map.of("Accept", BROWSER_ACCEPT, "Sec-Fetch-Mode",
                "navigate"), Map.of())));
        assertTrue(RequestKind.isNavigation(request("GET", Map.of("Accept", BROWSER_ACCEPT), Map.of())),
                "older browsers send no Sec-Fetch-Mode");
    }

    @Test
    void isNavigationWhenAFrameNavigatesThenFalseSoNoLoginStartsThere() {
        // another site's page opening many iframes of the app must not pile up pending-login cookies
        for (String dest : new String[] {"iframe", "frame", "embed", "object"}) {
            assertFalse(RequestKind.isNavigation(request("GET", Map.of("Accept", BROWSER_ACCEPT, "Sec-Fetch-Mode",
                    "navigate", "Sec-Fetch-Dest", dest), Map.of())), dest);
        }
        assertTrue(RequestKind.isNavigation(request("GET", Map.of("Accept", BROWSER_ACCEPT, "Sec-Fetch-Mode",
                "navigate", "Sec-Fetch-Dest", "document"), Map.of())));
    }

    @Test
    void isFormSubmissionWhenBrowserSubmitsATopLevelFormThenTrue() {
        assertTrue(RequestKind.isFormSubmission(request("POST", Map.of("Accept", BROWSER_ACCEPT, "Sec-Fetch-Mode",
                "navigate", "Sec-Fetch-Dest", "document"), Map.of())));
        assertFalse(RequestKind.isNavigation(request("POST", Map.of("Accept", BROWSER_ACCEPT, "Sec-Fetch-Mode",
                "navigate", "Sec-Fetch-Dest", "document"), Map.of())), "a post is never a navigation to log in from");
    }

    @Test
    void isFormSubmissionWhenScriptFrameOrNotPostThenFalse() {
        assertFalse(RequestKind.isFormSubmission(request("POST", Map.of("Accept", "*/*", "Sec-Fetch-Mode", "cors",
                "Sec-Fetch-Dest", "empty"), Map.of())));
        assertFalse(RequestKind.isFormSubmission(request("POST", Map.of("Accept", BROWSER_ACCEPT,
                "X-Requested-With", "XMLHttpRequest"), Map.of())));
        assertFalse(RequestKind.isFormSubmission(request("POST", Map.of("Accept", BROWSER_ACCEPT, "Sec-Fetch-Mode",
                "navigate", "Sec-Fetch-Dest", "iframe"), Map.of())));
        assertFalse(RequestKind.isFormSubmission(request("POST", Map.of("Accept", "application/json"), Map.of())));
        assertFalse(RequestKind.isFormSubmission(request("GET", Map.of("Accept", BROWSER_ACCEPT), Map.of())));
        assertFalse(RequestKind.isFormSubmission(request("PUT", Map.of("Accept", BROWSER_ACCEPT), Map.of())));
    }

    @Test
    void isNavigationWhenFetchModeIsCorsThenFalse() {
        assertFalse(RequestKind.isNavigation(request("GET", Map.of("Accept", BROWSER_ACCEPT, "Sec-Fetch-Mode", "cors"),
                Map.of())));
    }

    @Test
    void isNavigationWhenXRequestedWithThenFalse() {
        assertFalse(RequestKind.isNavigation(request("GET", Map.of("Accept", BROWSER_ACCEPT, "X-Requested-With",
                "XMLHttpRequest"), Map.of())));
    }

    @Test
    void isNavigationWhenAcceptLacksHtmlThenFalse() {
        assertFalse(RequestKind.isNavigation(request("GET", Map.of("Accept", "application/json"), Map.of())));
        assertFalse(RequestKind.isNavigation(request("GET", Map.of("Accept", "*/*"), Map.of())));
    }

    @Test
    void isNavigationWhenPostThenFalse() {
        assertFalse(RequestKind.isNavigation(request("POST", Map.of("Accept", BROWSER_ACCEPT), Map.of())));
    }
}
