package dev.oidchybrid.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oidchybrid.testkit.DemoUser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder checks each option when it is given, so a mistake shows where the kit is declared. */
class OidcTestKitBuilderTest {

    @Test
    void signingAlgorithmWhenUnsupportedThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> OidcTestKit.builder().signingAlgorithm("none"));
    }

    @Test
    void lifetimeWhenUnderOneSecondThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> OidcTestKit.builder().idTokenLifetime(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> OidcTestKit.builder().accessTokenLifetime(Duration.ZERO));
    }

    @Test
    void userWhenAliceOrBobAgainThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> OidcTestKit.builder().user(DemoUser.alice()));
    }

    @Test
    void portWhenOutOfRangeThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> OidcTestKit.builder().port(70000));
    }

    @Test
    void settingWhenPrefixedWithOidcThenIllegalArgumentNamingTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OidcTestKit.builder().setting("oidc.scope", "openid"));

        assertTrue(e.getMessage().contains("without oidc."), e.getMessage());
    }

    @Test
    void rolesClaimWhenSubOrBlankThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> OidcTestKit.builder().rolesClaim("sub"));
        assertThrows(IllegalArgumentException.class, () -> OidcTestKit.builder().rolesClaim(" "));
    }
}
