package dev.oidchybrid.testkit;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which of a user's claims a set of scopes releases (OpenID Connect Core 1.0, 5.4): the standard claims of the
 * {@code profile}, {@code email}, {@code address} and {@code phone} scopes only with that scope; any other claim
 * (e.g. the roles claim) always. Used for ID tokens and the userinfo response alike.
 */
final class ClaimRelease {

    private static final Map<String, String> SCOPE_OF_CLAIM = Map.ofEntries(
            Map.entry("name", "profile"), Map.entry("family_name", "profile"), Map.entry("given_name", "profile"),
            Map.entry("middle_name", "profile"), Map.entry("nickname", "profile"),
            Map.entry("preferred_username", "profile"), Map.entry("profile", "profile"),
            Map.entry("picture", "profile"), Map.entry("website", "profile"), Map.entry("gender", "profile"),
            Map.entry("birthdate", "profile"), Map.entry("zoneinfo", "profile"), Map.entry("locale", "profile"),
            Map.entry("updated_at", "profile"),
            Map.entry("email", "email"), Map.entry("email_verified", "email"),
            Map.entry("address", "address"),
            Map.entry("phone_number", "phone"), Map.entry("phone_number_verified", "phone"));

    private ClaimRelease() {
    }

    /**
     * The claims of {@code user} released for {@code scopes}, without {@code sub}.
     *
     * @param user   the user
     * @param scopes granted scope values
     * @return claim name to value, in the user's order
     */
    static Map<String, Object> release(DemoUser user, Collection<String> scopes) {
        Map<String, Object> released = new LinkedHashMap<>();
        user.claims().forEach((name, value) -> {
            String scope = SCOPE_OF_CLAIM.get(name);
            if (scope == null || scopes.contains(scope)) {
                released.put(name, value);
            }
        });
        return released;
    }
}
