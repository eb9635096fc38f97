package dev.oidchybrid.filter.internal.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The supported {@code response_type} values: the Authorization Code Flow and the three Hybrid Flow variants
 * (OpenID Connect Core 1.0 §3.1, §3.3). Every variant returns a code; they differ in what comes with it
 * through the front channel.
 */
public enum ResponseType {
    CODE("code", false, false),
    CODE_ID_TOKEN("code id_token", true, false),
    CODE_TOKEN("code token", false, true),
    CODE_ID_TOKEN_TOKEN("code id_token token", true, true);

    private final String value;
    private final boolean frontChannelIdToken;
    private final boolean frontChannelAccessToken;

    ResponseType(String value, boolean frontChannelIdToken, boolean frontChannelAccessToken) {
        this.value = value;
        this.frontChannelIdToken = frontChannelIdToken;
        this.frontChannelAccessToken = frontChannelAccessToken;
    }

    /** The parameter value as sent, e.g. {@code "code id_token"}. */
    public String value() {
        return value;
    }

    /** Whether the authorization response carries an ID token (then c_hash is required, §3.3.2.11). */
    public boolean frontChannelIdToken() {
        return frontChannelIdToken;
    }

    /** Whether the authorization response carries an access token (then at_hash is required with an ID token). */
    public boolean frontChannelAccessToken() {
        return frontChannelAccessToken;
    }

    /** Parses a space-separated value in any order ({@code "id_token code"} equals {@code "code id_token"}). */
    public static Optional<ResponseType> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        Set<String> wanted = words(raw);
        return Arrays.stream(values()).filter(t -> words(t.value).equals(wanted)).findFirst();
    }

    private static Set<String> words(String raw) {
        Set<String> words = new TreeSet<>();
        for (String word : raw.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
