package dev.oidchybrid.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the user a test runs as, beside {@link OidcTestKit#loggedIn}: a {@link LoggedInClient} parameter of the
 * annotated test method (or the annotated parameter itself) comes logged in as this user, through the provider's
 * login page and the application's callback, as {@code oidc.loggedIn(..)} would do.
 *
 * <pre>{@code
 * @Test
 * @OidcUser(name = "carol", roles = "admin", claims = "email=carol@example.com")
 * void adminPageWhenAdminThenShown(LoggedInClient carol) {
 *     assertEquals(200, carol.get("/admin").statusCode());
 * }
 *
 * @Test
 * void adminPageWhenNurseThenForbidden(@OidcUser(name = "nina", roles = "nurse", url = "/admin") LoggedInClient nina) {
 *     assertEquals(403, nina.landingPage().statusCode());
 * }
 * }</pre>
 *
 * <p>The login starts at {@link #url()}, resolved against {@link OidcTestKit#loginUrl(String)}; without
 * {@code url}, at that login URL itself. An annotation on the parameter wins over one on the method, so two
 * parameters can be two users.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER})
public @interface OidcUser {

    /** The username (and subject, unless {@link #subject()} is given); the password is {@code <name>-password}. */
    String name();

    /** The roles, in the kit's roles claim. */
    String[] roles() default {};

    /** More claims as {@code name=value} (string values), e.g. {@code "email=carol@example.com"}. */
    String[] claims() default {};

    /** The {@code sub} claim; empty: the name. */
    String subject() default "";

    /**
     * The protected URL the login starts at: absolute, or relative to {@link OidcTestKit#loginUrl(String)}; empty:
     * the kit's login URL itself.
     */
    String url() default "";
}
