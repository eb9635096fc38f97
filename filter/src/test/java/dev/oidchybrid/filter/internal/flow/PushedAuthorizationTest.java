package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.ParMode;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** When a login pushes its authorization request (RFC 9126 §5), and where the browser then goes (§4). */
class PushedAuthorizationTest {

    private static final String OP = "https://op.example.com/";
    private static final String PAR = OP + "par";

    private static ProviderMetadata provider(String parEndpoint, boolean required) {
        return new ProviderMetadata(OP, OP + "authorize", OP + "token", OP + "jwks", null, null, List.of("code"),
                List.of("form_post"), List.of("S256"), List.of("RS256"), List.of(), List.of(), true, List.of(),
                List.of("authorization_code"), List.of(), false, Set.of(), parEndpoint, required);
    }

    @Test
    void endpointWhenAutoAndProviderRequiresParThenPushes() {
        assertEquals(Optional.of(PAR), PushedAuthorization.endpoint(ParMode.AUTO, provider(PAR, true)));
    }

    @Test
    void endpointWhenAutoAndProviderOffersButDoesNotRequireParThenNoPush() {
        assertEquals(Optional.empty(), PushedAuthorization.endpoint(ParMode.AUTO, provider(PAR, false)));
    }

    @Test
    void endpointWhenAutoAndProviderWithoutParThenNoPush() {
        assertEquals(Optional.empty(), PushedAuthorization.endpoint(ParMode.AUTO, provider(null, false)));
    }

    @Test
    void endpointWhenTrueThenPushesEvenIfNotRequired() {
        assertEquals(Optional.of(PAR), PushedAuthorization.endpoint(ParMode.TRUE, provider(PAR, false)));
    }

    @Test
    void endpointWhenFalseThenNeverPushesEvenIfRequired() {
        assertEquals(Optional.empty(), PushedAuthorization.endpoint(ParMode.FALSE, provider(PAR, true)));
    }

    @Test
    void endpointWhenTrueAndProviderLacksParThenParUnsupported() {
        OidcException e = assertThrows(OidcException.class,
                () -> PushedAuthorization.endpoint(ParMode.TRUE, provider(null, false)));
        assertEquals(ErrorCode.PAR_UNSUPPORTED, e.code());
        assertEquals(502, e.code().httpStatus());
        assertEquals(true, e.description().contains("pushed_authorization_request_endpoint"), e.description());
    }

    @Test
    void endpointWhenProviderRequiresParWithoutEndpointThenParUnsupported() {
        assertEquals(ErrorCode.PAR_UNSUPPORTED, assertThrows(OidcException.class,
                () -> PushedAuthorization.endpoint(ParMode.AUTO, provider(null, true))).code());
    }

    @Test
    void browserUrlWhenPushedThenOnlyClientIdAndRequestUri() {
        String url = PushedAuthorization.browserUrl(OP + "authorize", "client 1",
                new PushedAuthorizationResponse("urn:ietf:params:oauth:request_uri:abc", Optional.of(60L)));
        assertEquals(OP + "authorize?client_id=client%201&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Aabc",
                url);
    }

    @Test
    void browserUrlWhenEndpointHasAQueryThenAppended() {
        assertEquals(OP + "authorize?tenant=a&client_id=c&request_uri=urn%3Ax", PushedAuthorization.browserUrl(
                OP + "authorize?tenant=a", "c", new PushedAuthorizationResponse("urn:x", Optional.empty())));
    }

    @Test
    void parModeWhenParsedThenAutoTrueFalseOnly() {
        assertEquals(Optional.of(ParMode.AUTO), ParMode.parse("auto"));
        assertEquals(Optional.of(ParMode.TRUE), ParMode.parse("TRUE"));
        assertEquals(Optional.of(ParMode.FALSE), ParMode.parse(" false "));
        assertEquals(Optional.empty(), ParMode.parse("yes"));
        assertEquals(Optional.empty(), ParMode.parse(null));
    }
}
