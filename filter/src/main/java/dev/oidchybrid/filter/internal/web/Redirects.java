package dev.oidchybrid.filter.internal.web;

import jakarta.servlet.http.HttpServletResponse;

/** The filter's own redirects: never cached, since each carries one-time values or follows a state change. */
final class Redirects {

    private Redirects() {
    }

    /** 303 See Other: the browser follows with a GET, also after a POST (the form_post callback). */
    static void seeOther(HttpServletResponse response, String location) {
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }
}
