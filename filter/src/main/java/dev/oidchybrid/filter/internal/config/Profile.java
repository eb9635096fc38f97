package dev.oidchybrid.filter.internal.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code profile=fapi2}: one switch for the FAPI 2.0 Security Profile's client side. Each setting the profile
 * needs takes its profile value when it was left at (or set to) its default; any other value that the profile does not
 * allow is a configuration problem naming it (never silently overridden, never silently kept).
 */
public enum Profile {
    NONE("none"),
    FAPI2("fapi2");

    /** The ID token algorithms FAPI 2.0 allows (§5.4.1: PS256, ES256, EdDSA with Ed25519). */
    static final Set<String> FAPI2_ALGORITHMS = Set.of("PS256", "ES256", "EdDSA");
    /** The clock skew the profile takes unless one is set (FAPI 2.0 asks for a short one). */
    static final String FAPI2_CLOCK_SKEW = "10";

    private final String value;

    Profile(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /**
     * One setting the profile fixes: the value it takes by default, and which values it allows.
     *
     * @param client whether it concerns the login client only (not applied in bearer mode, which has no client)
     */
    private record Rule(InitParam param, String profileValue, Predicate<String> allowed, String why, boolean client) {
    }

    private static final List<Rule> FAPI2_RULES = List.of(
            new Rule(InitParam.RESPONSE_TYPE, "code", "code"::equals, "the code flow only (FAPI 2.0 §5.3.1.2)", true),
            new Rule(InitParam.PAR, "true", "true"::equals, "pushed authorization requests (FAPI 2.0 §5.3.1.2)",
                    true),
            new Rule(InitParam.CLIENT_AUTH, "private_key_jwt", "private_key_jwt"::equals,
                    "private_key_jwt client authentication (FAPI 2.0 §5.3.1.4; mTLS is not supported)", true),
            new Rule(InitParam.DPOP, "true", "true"::equals,
                    "sender-constrained tokens with DPoP (FAPI 2.0 §5.3.1.1; mTLS is not supported)", true),
            new Rule(InitParam.ID_TOKEN_ALGORITHMS, "PS256,ES256,EdDSA", value -> !value.isBlank()
                    && Arrays.stream(value.split(",")).map(String::trim).allMatch(FAPI2_ALGORITHMS::contains),
                    "PS256, ES256 or EdDSA only (FAPI 2.0 §5.4.1)", false),
            new Rule(InitParam.CLIENT_ASSERTION_AUDIENCE, "issuer", "issuer"::equals,
                    "client assertions whose aud is the issuer (FAPI 2.0 §5.3.1.4)", true),
            new Rule(InitParam.CLOCK_SKEW, FAPI2_CLOCK_SKEW, value -> true, "", false));

    static Profile parse(String raw, List<String> problems) {
        if (raw == null) {
            return NONE;
        }
        for (Profile profile : values()) {
            if (profile.value.equals(raw.trim().toLowerCase(Locale.ROOT))) {
                return profile;
            }
        }
        problems.add(InitParam.PROFILE.paramName() + " must be none or fapi2");
        return NONE;
    }

    /**
     * Whether the profile lets the client sign with {@code alg} (client assertions; FAPI 2.0 §5.4.1 allows PS256,
     * ES256 and EdDSA only). Without a profile, any.
     */
    public boolean allowsSigningAlgorithm(String alg) {
        return this == NONE || FAPI2_ALGORITHMS.contains(alg);
    }

    /**
     * The raw settings with this profile applied.
     *
     * @param problems receives one entry per explicit setting the profile does not allow
     */
    Map<InitParam, String> apply(Map<InitParam, String> raw, List<String> problems) {
        if (this == NONE) {
            return raw;
        }
        Map<InitParam, String> applied = new EnumMap<>(InitParam.class);
        applied.putAll(raw);
        boolean bearerMode = "bearer".equals(raw.get(InitParam.MODE));
        for (Rule rule : FAPI2_RULES) {
            if (bearerMode && rule.client()) {
                continue;
            }
            String value = raw.get(rule.param());
            boolean defaulted = value == null || value.equals(rule.param().defaultValue());
            if (defaulted) {
                applied.put(rule.param(), rule.profileValue());
            } else if (!rule.allowed().test(value.trim())) {
                problems.add(rule.param().paramName() + " '" + value + "' is not allowed with profile=fapi2, which "
                        + "needs " + rule.why() + ": remove the setting or set '" + rule.profileValue() + "'");
            }
        }
        return applied;
    }

    /** The settings the profile fixes, for the self-check and the docs. */
    static List<InitParam> fixedSettings() {
        List<InitParam> params = new ArrayList<>();
        FAPI2_RULES.forEach(rule -> params.add(rule.param()));
        return params;
    }
}
