package dev.oidchybrid.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A user who can sign in at the {@link DevProvider} login page, with the claims the provider releases about them.
 *
 * <p>Claims are released by scope as OpenID Connect Core 1.0, 5.4 defines: {@code profile} releases {@code name},
 * {@code given_name}, {@code preferred_username} and the other profile claims; {@code email} releases {@code email}
 * and {@code email_verified}; {@code address} and {@code phone} likewise. Any claim that Core 5.4 does not list
 * (such as {@link DevProvider#ROLES_CLAIM}) is always released. {@code sub} is always {@link #subject()}.
 *
 * @param username the login name; not blank
 * @param password the password, shown on the login page (it is a development provider)
 * @param subject  the {@code sub} claim; not blank
 * @param claims   further claims (name to JSON-compatible value); copied, order kept
 */
public record DemoUser(String username, String password, String subject, Map<String, Object> claims) {

    public DemoUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(subject, "subject");
        if (username.isBlank() || subject.isBlank()) {
            throw new IllegalArgumentException("username and subject must not be blank");
        }
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        if (claims.containsKey("sub")) {
            throw new IllegalArgumentException("the sub claim is the subject; do not put it in claims");
        }
    }

    /** Alice: {@code alice} / {@code alice-password}, subject {@code alice-0001}, roles admin and user. */
    public static DemoUser alice() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("name", "Alice Example");
        claims.put("email", "alice@example.com");
        claims.put("email_verified", true);
        claims.put(DevProvider.ROLES_CLAIM, List.of("admin", "user"));
        return new DemoUser("alice", "alice-password", "alice-0001", claims);
    }

    /** Bob: {@code bob} / {@code bob-password}, subject {@code bob-0002}, role user, no {@code email_verified}. */
    public static DemoUser bob() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("name", "Bob Example");
        claims.put("email", "bob@example.com");
        claims.put(DevProvider.ROLES_CLAIM, List.of("user"));
        return new DemoUser("bob", "bob-password", "bob-0002", claims);
    }
}
