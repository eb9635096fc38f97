package dev.oidchybrid.filter.internal.flow;

/** The result of starting a login: where to send the browser, and what to remember until the callback. */
public record LoginStart(String authorizationUrl, PendingLogin pending) {
}
