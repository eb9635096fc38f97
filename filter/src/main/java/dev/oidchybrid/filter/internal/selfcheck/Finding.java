package dev.oidchybrid.filter.internal.selfcheck;

/**
 * One result of the start-up self-check: how bad it is, the setting or provider feature it concerns, and a
 * message saying what is wrong and what to change.
 */
public record Finding(Severity severity, String subject, String message) {

    public enum Severity {
        /** Logins (or the named feature) will fail: change the configuration or the provider. */
        ERROR,
        /** Something the configuration relies on is not advertised, or a feature will not work. */
        WARNING,
        /** Worth knowing; nothing will fail because of it. */
        INFO
    }

    /** The finding as one log or report line. */
    public String line() {
        return severity + " " + subject + ": " + message;
    }
}
