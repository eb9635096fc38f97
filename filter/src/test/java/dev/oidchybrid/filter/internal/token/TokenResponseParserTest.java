package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the token endpoint's failures are told apart: a provider that is down or overloaded (the session is kept
 * while its token is valid, the user told to retry) against a refusal of the grant (the session ends).
 */
class TokenResponseParserTest {

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503, 504})
    void parseWhenTheProviderOrItsGatewayIsDownOrOverloadedThenUnavailableNotARefusal(int status) {
        OidcException e = assertThrows(OidcException.class,
                () -> TokenResponseParser.parse(status, "{\"error\":\"too_many_requests\"}", false));
        assertEquals(ErrorCode.OP_UNAVAILABLE, e.code());
        assertTrue(e.providerError().isEmpty(), "no provider error code: nothing was refused");
    }

    @Test
    void parseWhenTheErrorIsTemporarilyUnavailableThenUnavailableNotARefusal() {
        OidcException e = assertThrows(OidcException.class,
                () -> TokenResponseParser.parse(400, "{\"error\":\"temporarily_unavailable\"}", false));
        assertEquals(ErrorCode.OP_UNAVAILABLE, e.code());
    }

    @Test
    void parseWhenTheGrantIsRefusedThenTheProvidersErrorCode() {
        OidcException e = assertThrows(OidcException.class,
                () -> TokenResponseParser.parse(400, "{\"error\":\"invalid_grant\"}", false));
        assertEquals(ErrorCode.OP_ERROR, e.code());
        assertEquals("invalid_grant", e.providerError().orElseThrow());
    }

    @Test
    void parseWhenAnotherServerErrorThenABadResponse() {
        OidcException e = assertThrows(OidcException.class,
                () -> TokenResponseParser.parse(500, "{\"error\":\"server_error\"}", false));
        assertEquals(ErrorCode.OP_BAD_RESPONSE, e.code());
    }
}
