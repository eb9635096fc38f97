package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.junit.jupiter.api.Test;

/** Users added or changed while the provider runs ({@link DevProvider#putUser}). */
class DevProviderUsersTest {

    private static final DemoUser CAROL = new DemoUser("carol", "carol-password", "carol-0003",
            Map.of("email", "carol@example.com", DevProvider.ROLES_CLAIM, List.of("nurse")));

    @Test
    void putUserWhenRunningThenUserCanSignInAndGetsClaims() throws MalformedClaimException {
        try (DevProvider op = DevProvider.startDefault()) {
            op.putUser(CAROL);

            JwtClaims claims = signInAndVerify(op, "carol", "carol-password");

            assertEquals("carol-0003", claims.getSubject());
            assertEquals("carol@example.com", claims.getClaimValue("email"));
            assertEquals(List.of("nurse"), claims.getClaimValue(DevProvider.ROLES_CLAIM));
        }
    }

    @Test
    void putUserWhenBeforeStartThenKnownAfterStart() {
        DevProvider op = DevProvider.builder().build();
        op.putUser(CAROL);

        try (op) {
            op.start();
            assertEquals(List.of("alice", "bob", "carol"), op.users().stream().map(DemoUser::username).toList());
            assertTrue(new OpClient(op).authorize(AuthRequest.valid()).body().contains("carol-password"),
                    "the login page lists the new user");
        }
    }

    @Test
    void putUserWhenSameUsernameAndSubjectThenClaimsAndPasswordReplaced() throws MalformedClaimException {
        try (DevProvider op = DevProvider.startDefault()) {
            op.putUser(CAROL);
            op.putUser(new DemoUser("carol", "new-password", "carol-0003",
                    Map.of(DevProvider.ROLES_CLAIM, List.of("admin"), "ward", "3B")));

            JwtClaims claims = signInAndVerify(op, "carol", "new-password");

            assertEquals("carol-0003", claims.getSubject());
            assertEquals(List.of("admin"), claims.getClaimValue(DevProvider.ROLES_CLAIM));
            assertEquals("3B", claims.getClaimValue("ward"));
            assertNull(claims.getClaimValue("email"));
            assertEquals(3, op.users().size());
        }
    }

    @Test
    void putUserWhenClaimNewThenDiscoveryListsIt() {
        try (DevProvider op = DevProvider.startDefault()) {
            op.putUser(new DemoUser("dave", "pw", "dave-0004", Map.of("https://example.com/ward", "3B")));

            Map<String, Object> metadata = OpClient.json(new OpClient(op).get("/.well-known/openid-configuration"));

            assertTrue(((List<?>) metadata.get("claims_supported")).contains("https://example.com/ward"));
        }
    }

    @Test
    void putUserWhenUsernameKnownWithAnotherSubjectThenIllegalArgumentAndUnchanged() {
        try (DevProvider op = DevProvider.startDefault()) {
            DemoUser otherAlice = new DemoUser("alice", "x", "alice-9999", Map.of());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.putUser(otherAlice));

            assertTrue(e.getMessage().contains("alice-0001"), e.getMessage());
            assertEquals(DemoUser.alice(), op.users().get(0));
        }
    }

    @Test
    void putUserWhenSubjectOfAnotherUserThenIllegalArgument() {
        try (DevProvider op = DevProvider.startDefault()) {
            DemoUser impostor = new DemoUser("mallory", "x", "alice-0001", Map.of());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.putUser(impostor));

            assertTrue(e.getMessage().contains("alice"), e.getMessage());
            assertEquals(2, op.users().size());
        }
    }

    @Test
    void putUserWhenUserChangedThenUserinfoShowsTheChange() {
        try (DevProvider op = DevProvider.startDefault()) {
            op.putUser(CAROL);
            OpClient client = new OpClient(op);
            String accessToken = (String) client.signInAndExchangeAs(AuthRequest.valid(), "carol", "carol-password")
                    .get("access_token");

            op.putUser(new DemoUser("carol", "carol-password", "carol-0003", Map.of("email", "c@example.org")));

            Map<String, Object> userinfo = OpClient.json(client.userinfo(accessToken));
            assertEquals("carol-0003", userinfo.get("sub"));
            assertEquals("c@example.org", userinfo.get("email"));
        }
    }

    @Test
    void putUserWhenEqualUserAgainThenNothingChanges() {
        try (DevProvider op = DevProvider.startDefault()) {
            op.putUser(DemoUser.alice()).putUser(DemoUser.bob());

            assertEquals(List.of(DemoUser.alice(), DemoUser.bob()), op.users());
        }
    }

    private static JwtClaims signInAndVerify(DevProvider op, String username, String password) {
        AuthRequest request = AuthRequest.valid();
        Map<String, Object> tokens = new OpClient(op).signInAndExchangeAs(request, username, password);
        return TokenVerifier.of(op, "RS256", Clock.systemUTC()).verify((String) tokens.get("id_token"),
                DevProvider.DEMO_CLIENT_ID);
    }
}
