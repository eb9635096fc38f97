package dev.oidchybrid.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The provider's users, shared by the login page, the authorization endpoint, discovery and userinfo, and
 * changeable while the provider runs ({@link DevProvider#putUser(DemoUser)}).
 *
 * <p>A username keeps its subject for the provider's lifetime and no two usernames share a subject, so a
 * relying party never sees one {@code sub} change hands (OpenID Connect Core 1.0, 2: {@code sub} is "never
 * reassigned"). Thread-safe: readers get snapshots or single lookups.
 */
final class UserDirectory {

    private final Map<String, DemoUser> byUsername = new LinkedHashMap<>();

    UserDirectory(List<DemoUser> users) {
        users.forEach(this::put);
    }

    /**
     * Adds {@code user}, or replaces the user of the same username (its password and claims) when the subject is
     * the same too.
     *
     * @throws IllegalArgumentException when the username has another subject, or the subject another username
     */
    synchronized void put(DemoUser user) {
        Objects.requireNonNull(user, "user");
        DemoUser existing = byUsername.get(user.username());
        if (existing != null && !existing.subject().equals(user.subject())) {
            throw new IllegalArgumentException("user " + user.username() + " already has the subject "
                    + existing.subject() + "; a subject never changes (" + user.subject() + " given)");
        }
        for (DemoUser other : byUsername.values()) {
            if (!other.username().equals(user.username()) && other.subject().equals(user.subject())) {
                throw new IllegalArgumentException("the subject " + user.subject() + " belongs to user "
                        + other.username() + "; subjects are unique");
            }
        }
        byUsername.put(user.username(), user);
    }

    /** The user of {@code username}, or null. */
    synchronized DemoUser byUsername(String username) {
        return byUsername.get(username);
    }

    /** The user of {@code subject}, or null. */
    synchronized DemoUser bySubject(String subject) {
        return byUsername.values().stream().filter(u -> u.subject().equals(subject)).findFirst().orElse(null);
    }

    /** Every user, in the order first added. */
    synchronized List<DemoUser> all() {
        return List.copyOf(byUsername.values());
    }
}
