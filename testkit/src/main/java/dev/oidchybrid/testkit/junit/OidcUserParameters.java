package dev.oidchybrid.testkit.junit;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Reads {@link OidcUser} for a {@link LoggedInClient} parameter: on the parameter, else on its method; the user it
 * declares and the URL its login starts at.
 */
final class OidcUserParameters {

    private OidcUserParameters() {
    }

    /** The annotation that applies to {@code parameter}: its own, else its method's. */
    static Optional<OidcUser> annotation(ParameterContext parameter) {
        Optional<OidcUser> own = parameter.findAnnotation(OidcUser.class);
        return own.isPresent() ? own
                : Optional.ofNullable(parameter.getDeclaringExecutable().getAnnotation(OidcUser.class));
    }

    /** The user {@code annotation} declares. */
    static TestUser user(OidcUser annotation) {
        try {
            TestUser user = TestUser.named(annotation.name()).roles(annotation.roles());
            if (!annotation.subject().isEmpty()) {
                user = user.subject(annotation.subject());
            }
            for (String claim : annotation.claims()) {
                int eq = claim.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("a claim is written name=value: " + claim);
                }
                user = user.claim(claim.substring(0, eq), claim.substring(eq + 1));
            }
            return user;
        } catch (IllegalArgumentException e) {
            throw new ParameterResolutionException("@OidcUser(name = \"" + annotation.name() + "\"): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Where the login of {@code annotation} starts: its {@code url} resolved against {@code loginUrl}, or
     * {@code loginUrl} itself.
     *
     * @param loginUrl the kit's login URL, or null
     */
    static String startUrl(OidcUser annotation, URI loginUrl) {
        URI url = URI.create(annotation.url());
        if (url.isAbsolute()) {
            return url.toString();
        }
        if (loginUrl == null) {
            throw new ParameterResolutionException("@OidcUser(name = \"" + annotation.name() + "\") needs a URL to "
                    + "log in at: give url = \"http://...\", or call oidc.loginUrl(\"http://.../protected\") before "
                    + "the test (in @BeforeAll, once the application runs)");
        }
        return annotation.url().isEmpty() ? loginUrl.toString() : loginUrl.resolve(url).toString();
    }
}
