package dev.oidchybrid.testkit;

/** One provider endpoint: turns a request value into a response value. */
@FunctionalInterface
interface Endpoint {

    /**
     * Handles a request.
     *
     * @param request the request
     * @return the response
     * @throws Exception anything; the router answers 500 without details
     */
    Response handle(Request request) throws Exception;
}
