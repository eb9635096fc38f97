package dev.oidchybrid.testkit;

/**
 * Thrown while reading a request that cannot be understood at all (malformed encoding, body too large); the
 * router answers 400 ({@code invalid_request} for JSON endpoints, an error page for HTML ones).
 */
final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    BadRequestException(String message) {
        this(400, message);
    }

    BadRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
