package dev.oidchybrid.filter.internal.config;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sender-constrained tokens (DPoP, RFC 9449) on the client side: whether the login asks for DPoP-bound tokens,
 * and the algorithm of each session's key.
 *
 * @param mode      {@link Mode#OFF}, {@link Mode#REQUIRED}, or {@link Mode#OPTIONAL}
 * @param algorithm the signature algorithm of the per-session key: ES256, PS256 or EdDSA
 */
public record DpopSettings(Mode mode, String algorithm) {

    /** The algorithms a DPoP key may use. */
    public static final Set<String> ALGORITHMS = Set.of("ES256", "PS256", "EdDSA");

    /** Whether the filter asks for DPoP-bound tokens, and whether it takes Bearer ones when the provider gives those. */
    public enum Mode {
        /** {@code dpop=false}: Bearer tokens only. */
        OFF("false"),
        /** {@code dpop=true}: every token request carries a proof, and a Bearer answer is refused (a downgrade). */
        REQUIRED("true"),
        /** {@code dpop=optional}: proofs are sent, and a provider without DPoP may answer with Bearer tokens. */
        OPTIONAL("optional");

        private final String value;

        Mode(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        static Optional<Mode> parse(String raw) {
            return Arrays.stream(values()).filter(m -> m.value.equals(raw.toLowerCase(Locale.ROOT))).findFirst();
        }
    }

    /** Whether token requests carry DPoP proofs. */
    public boolean enabled() {
        return mode != Mode.OFF;
    }

    /**
     * The raw settings with {@code response-type=code} when DPoP is asked for ({@code true} or {@code optional}) and
     * no response type is set: a front channel token can be bound to no key, and providers such as Keycloak refuse
     * hybrid flows for clients with DPoP-bound tokens. A response type other than the default is kept (as with
     * {@link Profile}, the default cannot be told from an explicit {@code code id_token}).
     */
    static Map<InitParam, String> codeFlowByDefault(Map<InitParam, String> raw) {
        String dpop = raw.get(InitParam.DPOP);
        boolean asked = dpop != null && Mode.parse(dpop.trim()).filter(m -> m != Mode.OFF).isPresent();
        String responseType = raw.get(InitParam.RESPONSE_TYPE);
        if (!asked || responseType != null && !responseType.equals(InitParam.RESPONSE_TYPE.defaultValue())) {
            return raw;
        }
        Map<InitParam, String> applied = new EnumMap<>(InitParam.class);
        applied.putAll(raw);
        applied.put(InitParam.RESPONSE_TYPE, ResponseType.CODE.value());
        return applied;
    }

    /**
     * {@code dpop=true} with a response type whose access token comes through the browser (hybrid {@code token}):
     * that token is a Bearer token bound to no key, which {@code true} promises never to take.
     */
    void checkResponseType(ParamReader reader, ResponseType responseType, boolean bearerMode) {
        if (mode == Mode.REQUIRED && !bearerMode && responseType != null && responseType.frontChannelAccessToken()) {
            reader.problem(InitParam.RESPONSE_TYPE, "'" + responseType.value() + "' returns an access token through "
                    + "the browser, which cannot be DPoP-bound (RFC 9449 §1: DPoP binds tokens the token endpoint "
                    + "issues): use response-type code (or code id_token) with dpop=true");
        }
    }

    static DpopSettings parse(ParamReader reader) {
        Mode mode = reader.choice(InitParam.DPOP, Mode::parse, "must be false, true or optional");
        String algorithm = reader.choice(InitParam.DPOP_ALGORITHM,
                value -> ALGORITHMS.stream().filter(a -> a.equals(value)).findFirst(),
                "must be ES256, PS256 or EdDSA");
        return new DpopSettings(mode == null ? Mode.OFF : mode, algorithm == null ? "ES256" : algorithm);
    }
}
