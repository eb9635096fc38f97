package dev.oidchybrid.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oidchybrid.testkit.DemoUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestUserTest {

    private static final String ROLES = "https://example.com/roles";

    @Test
    void namedWhenUsernameGivenThenSubjectIsUsernameAndPasswordDerived() {
        TestUser carol = TestUser.named("carol");

        assertEquals("carol", carol.subject());
        assertEquals("carol-password", carol.password());
        assertEquals(List.of(), carol.roles());
        assertEquals(Map.of(), carol.claims());
    }

    @Test
    void namedWhenSameUsernameTwiceThenEqualUsers() {
        assertEquals(TestUser.named("carol").roles("a"), TestUser.named("carol").roles("a"));
        assertEquals(TestUser.named("carol").hashCode(), TestUser.named("carol").hashCode());
    }

    @Test
    void rolesAndClaimWhenCalledThenNewUserAndOriginalUnchanged() {
        TestUser plain = TestUser.named("carol");

        TestUser changed = plain.roles("admin", "nurse").claim("email", "carol@example.com").subject("c-1")
                .password("pw");

        assertEquals(List.of("admin", "nurse"), changed.roles());
        assertEquals(Map.of("email", "carol@example.com"), changed.claims());
        assertEquals("c-1", changed.subject());
        assertEquals("pw", changed.password());
        assertEquals(TestUser.named("carol"), plain);
    }

    @Test
    void rolesWhenCalledAgainThenReplacesTheRoles() {
        assertEquals(List.of("user"), TestUser.named("carol").roles("admin").roles("user").roles());
    }

    @Test
    void toDemoUserWhenRolesThenRolesClaimHoldsThemAndWinsOverAClaimOfThatName() {
        DemoUser user = TestUser.named("carol").claim(ROLES, "ignored").claim("email", "c@example.com")
                .roles("admin").toDemoUser(ROLES);

        assertEquals(new DemoUser("carol", "carol-password", "carol",
                Map.of(ROLES, List.of("admin"), "email", "c@example.com")), user);
    }

    @Test
    void toDemoUserWhenNoRolesThenNoRolesClaim() {
        assertFalse(TestUser.named("carol").toDemoUser(ROLES).claims().containsKey(ROLES));
    }

    @Test
    void claimWhenSubThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> TestUser.named("carol").claim("sub", "x"));
    }

    @Test
    void namedWhenBlankThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> TestUser.named(" "));
        assertThrows(IllegalArgumentException.class, () -> TestUser.named("carol").roles("admin", ""));
        assertThrows(NullPointerException.class, () -> TestUser.named("carol").claim("email", null));
    }

    @Test
    void toStringWhenCalledThenNoPassword() {
        String text = TestUser.named("carol").password("s3cret").roles("admin").toString();

        assertTrue(text.contains("carol") && text.contains("admin"), text);
        assertFalse(text.contains("s3cret"), text);
    }
}
