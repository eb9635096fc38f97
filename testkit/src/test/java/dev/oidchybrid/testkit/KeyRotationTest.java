package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ProviderFaults#rotateSigningKey(boolean)}: a new key signs from then on; the JWKS says which keys count. */
class KeyRotationTest {

    @SuppressWarnings("unchecked")
    private static List<String> publishedKids(OpClient client) {
        List<Map<String, Object>> keys = (List<Map<String, Object>>) OpClient.json(client.get("/jwks")).get("keys");
        return keys.stream().map(k -> (String) k.get("kid")).toList();
    }

    @Test
    void rotateSigningKeyWhenKeepingOldKeyThenNewKidSignsAndBothArePublished() {
        try (DevProvider op = DevProvider.builder().signingAlgorithm("ES256").build().start()) {
            OpClient client = new OpClient(op);
            String oldKid = publishedKids(client).get(0);
            Map<String, Object> before = client.signInAndExchange(AuthRequest.valid());

            op.faults().rotateSigningKey();
            op.faults().reset(); // a rotation is not a switch: reset keeps it

            List<String> kids = publishedKids(client);
            assertEquals(2, kids.size());
            assertNotEquals(oldKid, kids.get(0));
            assertEquals(oldKid, kids.get(1));
            Map<String, Object> after = new OpClient(op).signInAndExchange(AuthRequest.valid());
            String idToken = (String) after.get("id_token");
            assertEquals(kids.get(0), SignatureFaultTest.header(idToken).get("kid"));
            assertEquals("ES256", SignatureFaultTest.header(idToken).get("alg"));
            TokenVerifier.of(op, "ES256", Clock.systemUTC()).verify(idToken, DevProvider.DEMO_CLIENT_ID);
            assertEquals(200, client.userinfo((String) before.get("access_token")).statusCode(),
                    "tokens of the old key still verify while it is published");
            assertEquals(200, client.userinfo((String) after.get("access_token")).statusCode());
        }
    }

    @Test
    void rotateSigningKeyWhenDroppingOldKeyThenOnlyNewKeyPublishedAndOldTokensRejected() {
        try (DevProvider op = DevProvider.startDefault()) {
            OpClient client = new OpClient(op);
            String oldKid = publishedKids(client).get(0);
            Map<String, Object> before = client.signInAndExchange(AuthRequest.valid());

            op.faults().rotateSigningKey(false);

            List<String> kids = publishedKids(client);
            assertEquals(1, kids.size());
            assertNotEquals(oldKid, kids.get(0));
            assertEquals(401, client.userinfo((String) before.get("access_token")).statusCode());
            Map<String, Object> after = new OpClient(op).signInAndExchange(AuthRequest.valid());
            assertEquals(kids.get(0), SignatureFaultTest.header((String) after.get("id_token")).get("kid"));
            assertEquals(200, client.userinfo((String) after.get("access_token")).statusCode());
        }
    }
}
