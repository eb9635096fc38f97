package dev.oidchybrid.filter.internal.cluster;

import java.util.Optional;

/**
 * Hands a refresh's outcome to the requests that waited for it: the refreshing request publishes the new
 * (sealed) session under a key made of the session id and a hash of the refresh token it used up; a waiting
 * request that still holds that old refresh token (its cookie, or its container session loaded before the
 * refresh) finds the new session there instead of presenting the used-up token. Entries live briefly.
 */
public interface RefreshResults {

    void publish(String key, String sealedSession);

    Optional<String> find(String key);
}
