package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.session.RequestSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The session store the configuration chose ({@code session-store}), seen from one request. */
@FunctionalInterface
interface Sessions {

    RequestSession of(HttpServletRequest request, HttpServletResponse response);
}
