package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pushed authorization request endpoint's answer (RFC 9126 §2.2-2.3), one test per rule. */
class PushedAuthorizationResponseParserTest {

    private static final String URN = "urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c";

    private static OidcException failure(int status, String body) {
        return assertThrows(OidcException.class, () -> PushedAuthorizationResponseParser.parse(status, body));
    }

    @Test
    void parseWhenCreatedWithRequestUriAndExpiresInThenBoth() {
        PushedAuthorizationResponse answer = PushedAuthorizationResponseParser.parse(201,
                "{\"request_uri\":\"" + URN + "\",\"expires_in\":60}");
        assertEquals(URN, answer.requestUri());
        assertEquals(Optional.of(60L), answer.expiresInSeconds());
        assertFalse(answer.toString().contains(URN), "the request URI stays out of log lines");
    }

    @Test
    void parseWhenOkInsteadOfCreatedThenAccepted() {
        assertEquals(URN, PushedAuthorizationResponseParser.parse(200, "{\"request_uri\":\"" + URN
                + "\",\"expires_in\":90}").requestUri());
    }

    @Test
    void parseWhenExpiresInAbsentThenUnknownLifetime() {
        assertEquals(Optional.empty(), PushedAuthorizationResponseParser.parse(201,
                "{\"request_uri\":\"" + URN + "\"}").expiresInSeconds());
    }

    @Test
    void parseWhenExpiresInNotPositiveThenBadResponse() {
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, "{\"request_uri\":\"" + URN + "\",\"expires_in\":0}").code());
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, "{\"request_uri\":\"" + URN + "\",\"expires_in\":-5}").code());
    }

    @Test
    void parseWhenExpiresInNotAWholeNumberThenBadResponse() {
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, "{\"request_uri\":\"" + URN + "\",\"expires_in\":\"60\"}").code());
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, "{\"request_uri\":\"" + URN + "\",\"expires_in\":1.5}").code());
    }

    @Test
    void parseWhenNoRequestUriThenBadResponse() {
        OidcException e = failure(201, "{\"expires_in\":60}");
        assertEquals(ErrorCode.OP_BAD_RESPONSE, e.code());
        assertEquals(502, e.code().httpStatus());
        assertTrue(e.description().contains("request_uri"), e.description());
    }

    @Test
    void parseWhenRequestUriNotAStringThenBadResponse() {
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, "{\"request_uri\":42,\"expires_in\":60}").code());
    }

    @Test
    void parseWhenRequestUriEmptyOrWithSpacesOrControlCharactersThenBadResponse() {
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, "{\"request_uri\":\"\"}").code());
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, "{\"request_uri\":\"urn:a b\"}").code());
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, "{\"request_uri\":\"urn:a\\r\\nSet-Cookie: x\"}").code());
    }

    @Test
    void parseWhenRequestUriTooLongThenBadResponse() {
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, "{\"request_uri\":\"urn:" + "a".repeat(2048) + "\"}").code());
    }

    @Test
    void parseWhenBodyNotAJsonObjectThenBadResponse() {
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, "[\"" + URN + "\"]").code());
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, "<html>created</html>").code());
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, "").code());
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(201, null).code());
    }

    @Test
    void parseWhenStatusNeitherCreatedNorOkThenBadResponse() {
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(202, "{\"request_uri\":\"" + URN + "\"}").code());
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(204, null).code());
    }

    @Test
    void parseWhenServerErrorThenBadResponse() {
        OidcException e = failure(500, "{\"error\":\"server_error\"}");
        assertEquals(ErrorCode.OP_BAD_RESPONSE, e.code());
        assertTrue(e.description().contains("HTTP 500"), e.description());
    }

    @Test
    void parseWhenServiceUnavailableThenUnavailable() {
        OidcException e = failure(503, "{\"error\":\"temporarily_unavailable\"}");
        assertEquals(ErrorCode.OP_UNAVAILABLE, e.code());
        assertEquals(503, e.code().httpStatus());
    }

    @Test
    void parseWhenErrorResponseThenParRefusedWithTheErrorCodeShown() {
        OidcException e = failure(400, "{\"error\":\"invalid_request\",\"error_description\":\"bad scope\"}");
        assertEquals(ErrorCode.PAR_REFUSED, e.code());
        assertEquals(502, e.code().httpStatus(), "the provider's refusal is not the user's fault");
        assertEquals(Optional.of("invalid_request"), e.providerError());
        assertTrue(e.description().contains("invalid_request (bad scope)"), e.description());
    }

    @Test
    void parseWhenInvalidClientThenTheLogLineSaysWhatToCheck() {
        OidcException e = failure(401, "{\"error\":\"invalid_client\"}");
        assertEquals(ErrorCode.PAR_REFUSED, e.code());
        assertTrue(e.description().contains("client-secret"), e.description());
    }

    @Test
    void parseWhenErrorCodeHasUnsafeCharactersThenNotShownToTheUser() {
        OidcException e = failure(400, "{\"error\":\"<script>alert(1)</script>\"}");
        assertEquals(ErrorCode.PAR_REFUSED, e.code());
        assertEquals(Optional.of("invalid_error_code"), e.providerError());
    }

    @Test
    void parseWhenErrorStatusWithoutErrorCodeThenBadResponse() {
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(400, "{\"message\":\"nope\"}").code());
        assertEquals(ErrorCode.OP_BAD_RESPONSE, failure(400, "nope").code());
    }
}
