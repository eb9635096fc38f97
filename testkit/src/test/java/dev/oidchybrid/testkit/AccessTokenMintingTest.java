package dev.oidchybrid.testkit;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.JwtContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link DevProvider#accessToken}: tokens for bearer-API tests, signed and typed like the token endpoint's. */
class AccessTokenMintingTest {

    @Test
    void accessTokenWhenAudienceAndScopeGivenThenSignedAtJwtWithExactlyThem() throws MalformedClaimException {
        TestClock clock = TestClock.atSystemTime();
        try (DevProvider op = DevProvider.builder().clock(clock).build().start()) {
            String token = op.accessToken(DemoUser.bob(), "appointments:api", List.of("openid", "read:x"));
            JwtContext context = TokenVerifier.of(op, "RS256", clock).context(token, "appointments:api");
            JwtClaims claims = context.getJwtClaims();
            assertEquals("at+jwt", context.getJoseObjects().get(0).getHeader("typ"));
            assertEquals(DemoUser.bob().subject(), claims.getSubject());
            assertEquals("openid read:x", claims.getStringClaimValue("scope"));
            assertEquals(DevProvider.DEMO_CLIENT_ID, claims.getStringClaimValue("client_id"));
            String forClient = op.accessToken(DemoUser.bob(), null, List.of("openid"));
            assertEquals(List.of(DevProvider.DEMO_CLIENT_ID),
                    TokenVerifier.of(op, "RS256", clock).verify(forClient, DevProvider.DEMO_CLIENT_ID).getAudience());
        }
    }

    @Test
    void accessTokenWhenNotStartedThenIllegalState() {
        DevProvider op = DevProvider.builder().build();
        assertThrows(IllegalStateException.class, () -> op.accessToken(DemoUser.alice(), null, List.of("openid")));
    }
}
