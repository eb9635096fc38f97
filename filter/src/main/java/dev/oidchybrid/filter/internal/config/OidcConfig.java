package dev.oidchybrid.filter.internal.config;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The filter's validated, immutable configuration: one provider, this application as its client, and how the
 * filter runs. Each concern is a settings value of its own, parsed once where it lives; nothing here is global,
 * so an application can hold several configurations (per host, path or organization).
 *
 * <p>Built by {@link Builder#build()}, which checks every parameter and reports all problems in one
 * {@code invalid_configuration} failure, so an operator fixes web.xml once instead of once per problem.
 */
public final class OidcConfig {

    private final ProviderSettings provider;
    private final ClientSettings client;
    private final PathSettings paths;
    private final SessionSettings session;
    private final Timeouts timeouts;
    private final BearerSettings bearer;
    private final DpopSettings dpop;
    private final Profile profile;
    private final AccessRules accessRules;

    private OidcConfig(ProviderSettings provider, ClientSettings client, PathSettings paths, SessionSettings session,
                       Timeouts timeouts, BearerSettings bearer, DpopSettings dpop, Profile profile,
                       AccessRules accessRules) {
        this.accessRules = accessRules;
        this.profile = profile;
        this.provider = provider;
        this.client = client;
        this.paths = paths;
        this.session = session;
        this.timeouts = timeouts;
        this.bearer = bearer;
        this.dpop = dpop;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with the resolved values of every parameter. */
    public static Builder builder(InitParams params) {
        Builder builder = new Builder();
        for (InitParam param : InitParam.values()) {
            params.get(param).ifPresent(value -> builder.set(param, value));
        }
        return builder;
    }

    /** The OpenID Provider: issuer, accepted ID token algorithms, how its claims are read. */
    public ProviderSettings provider() {
        return provider;
    }

    /** This application as the provider's client, and what it asks for when users log in. */
    public ClientSettings client() {
        return client;
    }

    /** The filter's own paths, the excluded ones and the external base URL. */
    public PathSettings paths() {
        return paths;
    }

    /** Session store, shared state, cookie keys and lifetimes. */
    public SessionSettings session() {
        return session;
    }

    /** Provider HTTP timeouts and limits, clock skew, token lifetimes. */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** Bearer mode and where access tokens may be sent. */
    public BearerSettings bearer() {
        return bearer;
    }

    /** The security profile the configuration follows ({@code profile}). */
    public Profile profile() {
        return profile;
    }

    /** Whether the filter obtains DPoP-bound tokens, and with which key algorithm. */
    public DpopSettings dpop() {
        return dpop;
    }

    /** What a signed-in user (or a bearer token) must meet per path ({@code access-rules}). */
    public AccessRules accessRules() {
        return accessRules;
    }

    /** In bearer mode: the scopes a request path needs. */
    public record ScopeRule(PathMatcher paths, List<String> scopes) {

        public ScopeRule {
            scopes = List.copyOf(scopes);
        }
    }


    /** Collects raw parameter values; {@link #build()} validates them all at once. */
    public static final class Builder {
        private final Map<InitParam, String> raw = new EnumMap<>(InitParam.class);

        private Builder() {
            for (InitParam param : InitParam.values()) {
                if (param.defaultValue() != null) {
                    raw.put(param, param.defaultValue());
                }
            }
        }

        /** Sets a parameter from its string form; {@code null} or blank resets it to its default. */
        public Builder set(InitParam param, String value) {
            if (value == null || value.isBlank()) {
                if (param.defaultValue() == null) {
                    raw.remove(param);
                } else {
                    raw.put(param, param.defaultValue());
                }
            } else {
                raw.put(param, value.trim());
            }
            return this;
        }

        /**
         * Validates every parameter.
         *
         * @throws OidcException {@code invalid_configuration} naming every problem found
         */
        public OidcConfig build() {
            List<String> profileProblems = new ArrayList<>();
            Profile profile = Profile.parse(raw.get(InitParam.PROFILE), profileProblems);
            ParamReader reader = new ParamReader(DpopSettings.codeFlowByDefault(profile.apply(raw, profileProblems)));
            profileProblems.forEach(reader::problem);
            BearerSettings bearer = BearerSettings.parse(reader);
            ProviderSettings provider = ProviderSettings.parse(reader);
            ClientSettings client = ClientSettings.parse(reader, bearer.enabled());
            PathSettings paths = PathSettings.parse(reader, bearer.enabled());
            Timeouts timeouts = Timeouts.parse(reader);
            SessionSettings session = SessionSettings.parse(reader, bearer.enabled());
            DpopSettings dpop = DpopSettings.parse(reader);
            dpop.checkResponseType(reader, client.responseType(), bearer.enabled());
            AccessRules accessRules = AccessRules.parse(reader);
            List<String> problems = reader.problems();
            if (!problems.isEmpty()) {
                throw new OidcException(ErrorCode.INVALID_CONFIGURATION,
                        "invalid OIDC filter configuration: " + String.join("; ", problems), "");
            }
            return new OidcConfig(provider, client, paths, session, timeouts, bearer, dpop, profile, accessRules);
        }
    }
}
