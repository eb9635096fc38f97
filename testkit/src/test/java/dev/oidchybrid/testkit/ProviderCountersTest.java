package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderCountersTest {

    @Test
    void countersWhenEndpointsCalledThenCountEachRequest() {
        try (DevProvider op = DevProvider.startDefault()) {
            OpClient client = new OpClient(op);
            AuthRequest request = AuthRequest.valid();

            client.get("/.well-known/openid-configuration");
            client.get("/jwks");
            client.get("/jwks");
            Map<String, Object> tokens = client.signInAndExchange(request);   // authorize page + login post, token
            client.userinfo((String) tokens.get("access_token"));
            client.get("/end_session");
            client.get("/par");
            op.faults().tokenEndpointError(500, "server_error");
            client.exchangeCode("x", request.redirectUri(), request.verifier); // faults count too

            ProviderCounters counters = op.counters();
            assertEquals(1, counters.discovery());
            assertEquals(2, counters.jwks());
            assertEquals(2, counters.authorize());
            assertEquals(2, counters.token());
            assertEquals(1, counters.userinfo());
            assertEquals(1, counters.endSession());
            assertEquals(1, counters.par());

            counters.reset();

            assertEquals(0, counters.discovery() + counters.jwks() + counters.authorize() + counters.token()
                    + counters.userinfo() + counters.endSession() + counters.par());
        }
    }
}
