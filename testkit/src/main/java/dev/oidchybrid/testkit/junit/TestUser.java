package dev.oidchybrid.testkit.junit;

import dev.oidchybrid.testkit.DemoUser;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A user for a test, made in one line and changed by copying:
 * {@code oidc.user("carol").roles("admin", "nurse").claim("email", "carol@example.com")}.
 *
 * <p>The subject ({@code sub}) is the username unless {@link #subject(String)} says otherwise, so it is the same
 * in every test and every run; the password is {@code <username>-password}. {@link OidcTestKit} registers the
 * user at its provider when it logs them in, with the roles in the kit's roles claim. The provider releases
 * standard claims by scope (OpenID Connect Core 1.0, 5.4: {@code email} only with the {@code email} scope,
 * {@code name} with {@code profile}, ...) and any other claim always.
 *
 * <p>Immutable: every method returns a new user.
 *
 * @see dev.oidchybrid.testkit.DevProvider#putUser(DemoUser)
 */
public final class TestUser {

    private final String username;
    private final String subject;
    private final String password;
    private final List<String> roles;
    private final Map<String, Object> claims;

    private TestUser(String username, String subject, String password, List<String> roles,
            Map<String, Object> claims) {
        this.username = username;
        this.subject = subject;
        this.password = password;
        this.roles = List.copyOf(roles);
        this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    /**
     * A user with subject {@code username}, password {@code <username>-password}, no roles and no claims.
     *
     * @param username the login name; not blank
     * @return the user
     */
    public static TestUser named(String username) {
        requireText(username, "username");
        return new TestUser(username, username, username + "-password", List.of(), Map.of());
    }

    /**
     * This user with exactly these roles (replacing earlier ones), put into the kit's roles claim as a JSON array.
     *
     * @param roles role names, as the application asks {@code isUserInRole(..)}; none for no roles
     * @return a new user
     */
    public TestUser roles(String... roles) {
        for (String role : roles) {
            requireText(role, "role");
        }
        return new TestUser(username, subject, password, List.of(roles), claims);
    }

    /**
     * This user with one more claim (replacing a claim of that name).
     *
     * @param name  the claim name; not {@code sub} (see {@link #subject(String)})
     * @param value a JSON-compatible value: string, number, boolean, list or map of these
     * @return a new user
     */
    public TestUser claim(String name, Object value) {
        requireText(name, "claim name");
        Objects.requireNonNull(value, "value");
        if ("sub".equals(name)) {
            throw new IllegalArgumentException("sub is the subject: use subject(..)");
        }
        Map<String, Object> changed = new LinkedHashMap<>(claims);
        changed.put(name, value);
        return new TestUser(username, subject, password, roles, changed);
    }

    /**
     * This user with another subject. A provider keeps the first subject it saw for a username, so choose it
     * once per username.
     *
     * @param subject the {@code sub} claim; not blank
     * @return a new user
     */
    public TestUser subject(String subject) {
        requireText(subject, "subject");
        return new TestUser(username, subject, password, roles, claims);
    }

    /**
     * This user with another password (the login goes through the provider's login page with it).
     *
     * @param password the password; not blank
     * @return a new user
     */
    public TestUser password(String password) {
        requireText(password, "password");
        return new TestUser(username, subject, password, roles, claims);
    }

    /** The login name. */
    public String username() {
        return username;
    }

    /** The {@code sub} claim. */
    public String subject() {
        return subject;
    }

    /** The password at the provider's login page. */
    public String password() {
        return password;
    }

    /** The roles, in the order given. */
    public List<String> roles() {
        return roles;
    }

    /** The claims besides {@code sub} and the roles, in the order given. */
    public Map<String, Object> claims() {
        return claims;
    }

    /**
     * The provider's view of this user: the claims plus, when there are roles, {@code rolesClaim} holding them
     * (the roles win over a claim of that name).
     *
     * @param rolesClaim the claim that carries roles, e.g. {@link dev.oidchybrid.testkit.DevProvider#ROLES_CLAIM}
     * @return the user as a {@link DemoUser}
     */
    public DemoUser toDemoUser(String rolesClaim) {
        Map<String, Object> all = new LinkedHashMap<>(claims);
        if (!roles.isEmpty()) {
            all.put(rolesClaim, roles);
        }
        return new DemoUser(username, password, subject, all);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TestUser user && username.equals(user.username) && subject.equals(user.subject)
                && password.equals(user.password) && roles.equals(user.roles) && claims.equals(user.claims);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, subject, password, roles, claims);
    }

    /** Username, subject and roles; never the password. */
    @Override
    public String toString() {
        return "TestUser[" + username + ", sub=" + subject + ", roles=" + roles + ", claims=" + claims.keySet() + "]";
    }

    private static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
