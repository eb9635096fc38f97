package dev.oidchybrid.testkit.junit;

import static dev.oidchybrid.testkit.junit.OidcTestKitTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oidchybrid.testkit.DevProvider;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link OidcUser}: the test's user declared on the method or the parameter, logged in when the test starts. */
class OidcUserTest {

    @RegisterExtension
    static OidcTestKit oidc = OidcTestKit.builder().build();

    private static ProtectedApp app;

    @BeforeAll
    static void startApp() {
        app = ProtectedApp.start();
        oidc.loginUrl(app.url("/whoami"));
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    @Test
    @OidcUser(name = "carol", roles = {"admin", "nurse"}, claims = "email=carol@example.com")
    void parameterWhenMethodAnnotatedThenLoggedInAtTheKitsLoginUrlAsThatUser(LoggedInClient carol) {
        assertEquals(app.url("/whoami"), carol.landingPage().uri().toString());
        Map<String, Object> claims = json(carol.landingPage().body());
        assertEquals("carol", claims.get("sub"));
        assertEquals(List.of("admin", "nurse"), claims.get(DevProvider.ROLES_CLAIM));
        assertEquals("carol@example.com", claims.get("email"));
        assertEquals(200, carol.get("/admin").statusCode());
    }

    @Test
    void parameterWhenEachAnnotatedThenTwoUsersAtTheirOwnUrls(
            @OidcUser(name = "ann", roles = "admin", url = "/admin") LoggedInClient ann,
            @OidcUser(name = "nina", roles = "nurse", url = "admin") LoggedInClient nina) {
        assertNotSame(ann, nina);
        assertEquals("admin page for ann", ann.landingPage().body());
        assertEquals(403, nina.landingPage().statusCode());
        assertEquals(app.url("/admin"), nina.landingPage().uri().toString(), "relative to the login URL");
    }

    @Test
    @OidcUser(name = "nina", roles = "nurse")
    void parameterWhenParameterAndMethodAnnotatedThenTheParametersWins(
            @OidcUser(name = "ann", roles = "admin", url = "/admin") LoggedInClient client) {
        assertEquals("admin page for ann", client.landingPage().body());
    }

    @Test
    @OidcUser(name = "lou", subject = "lou-0042")
    void parameterWhenSubjectGivenThenTheIdTokensSub(LoggedInClient lou) {
        assertEquals("lou-0042", json(lou.landingPage().body()).get("sub"));
    }

    @Test
    void startUrlWhenAbsoluteThenTakenAsGivenElseResolvedAgainstTheLoginUrl() {
        URI login = URI.create("http://127.0.0.1:8080/app/whoami");

        assertEquals("http://localhost:9090/other", OidcUserParameters.startUrl(annotation("absolute"), login));
        assertEquals("http://127.0.0.1:8080/app/whoami", OidcUserParameters.startUrl(annotation("plain"), login));
        assertEquals("http://127.0.0.1:8080/app/admin", OidcUserParameters.startUrl(annotation("sibling"), login));
    }

    @Test
    void anonymousWhenRelativeThenResolvedAgainstTheLoginUrl(AnonymousClient browser) {
        assertEquals(302, browser.navigate("/admin").statusCode());
        assertEquals(401, browser.fetch("admin").statusCode());
        assertEquals(URI.create(app.url("/admin")), browser.resolve("admin"));
    }

    @Test
    void startUrlWhenNoUrlAndNoLoginUrlThenResolutionErrorSayingWhatToGive() {
        OidcUser annotation = annotation("plain");

        ParameterResolutionException e = assertThrows(ParameterResolutionException.class,
                () -> OidcUserParameters.startUrl(annotation, null));

        assertTrue(e.getMessage().contains("url = ") && e.getMessage().contains("oidc.loginUrl("), e.getMessage());
    }

    @Test
    void userWhenClaimWithoutEqualsThenResolutionErrorNamingIt() {
        ParameterResolutionException e = assertThrows(ParameterResolutionException.class,
                () -> OidcUserParameters.user(annotation("badClaim")));

        assertTrue(e.getMessage().contains("name=value: email"), e.getMessage());
    }

    @Test
    void loginUrlWhenRelativeThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> oidc.loginUrl("/admin"));
    }

    private static OidcUser annotation(String method) {
        try {
            return Fixtures.class.getDeclaredMethod(method).getAnnotation(OidcUser.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /** Annotations to read, on methods that never run. */
    private static final class Fixtures {
        @OidcUser(name = "plain")
        void plain() {
        }

        @OidcUser(name = "far", url = "http://localhost:9090/other")
        void absolute() {
        }

        @OidcUser(name = "near", url = "admin")
        void sibling() {
        }

        @OidcUser(name = "bad", claims = "email")
        void badClaim() {
        }
    }
}
