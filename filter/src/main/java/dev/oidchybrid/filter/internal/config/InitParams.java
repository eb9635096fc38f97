package dev.oidchybrid.filter.internal.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Resolves the raw value of each {@link InitParam} from its sources, first non-blank wins:
 * <ol>
 *   <li>the instance's environment variable {@code OIDC_<FILTER_NAME>_<NAME>} (filter name upper case, every
 *       character other than a letter or digit as {@code _}), then its system property
 *       {@code oidc.<filter-name>.<name>}: where several filter instances run in one application;</li>
 *   <li>the global environment variable {@code OIDC_<NAME>}, then the system property {@code oidc.<name>};</li>
 *   <li>the web.xml init-param;</li>
 *   <li>the default.</li>
 * </ol>
 * The {@linkplain #INSTANCE_BOUND parameters that decide what an instance protects} ({@code mode},
 * {@code exclude-paths}, {@code required-scopes}, {@code optional-paths}) are never taken from a global source when the instance's
 * web.xml (or its own variables) set any of them: a variable meant for one filter (the login filter's
 * {@code OIDC_EXCLUDE_PATHS}) must not open another's paths (a bearer filter's whose web.xml sets {@code mode}).
 * Likewise an instance that says itself it is a bearer API keeps its own {@code audience} and
 * {@code access-token-types} (a global {@code OIDC_AUDIENCE} meant for the login filter's authorization request
 * does not change which tokens the API accepts). Blank values count as absent.
 */
public final class InitParams {

    /** Parameters a global variable may not change once the instance's web.xml sets any of them. */
    public static final Set<InitParam> INSTANCE_BOUND = EnumSet.of(InitParam.MODE, InitParam.EXCLUDE_PATHS,
            InitParam.REQUIRED_SCOPES, InitParam.OPTIONAL_PATHS);

    /**
     * Parameters a global variable may not change for an instance whose own configuration says it is a bearer API
     * and sets them: which tokens it accepts.
     */
    public static final Set<InitParam> BEARER_BOUND = EnumSet.of(InitParam.AUDIENCE, InitParam.ACCESS_TOKEN_TYPES);

    private final Map<InitParam, String> values = new EnumMap<>(InitParam.class);
    private final Map<InitParam, String> sources = new EnumMap<>(InitParam.class);
    private final List<String> ignored = new ArrayList<>();
    /** Parameters whose web.xml value a variable or property replaced. */
    private final Set<InitParam> overWebXml = EnumSet.noneOf(InitParam.class);

    /**
     * Without a filter name: only the global sources and web.xml.
     *
     * @param initParams  web.xml init-params by name (e.g. {@code FilterConfig::getInitParameter})
     * @param sysProps    system properties by name (e.g. {@code System::getProperty})
     * @param environment environment variables by name (e.g. {@code System::getenv})
     */
    public InitParams(UnaryOperator<String> initParams, UnaryOperator<String> sysProps,
                      UnaryOperator<String> environment) {
        this(null, initParams, sysProps, environment);
    }

    /**
     * @param filterName  the filter instance's name (web.xml {@code filter-name}), or null for none
     * @param initParams  web.xml init-params by name (e.g. {@code FilterConfig::getInitParameter})
     * @param sysProps    system properties by name (e.g. {@code System::getProperty})
     * @param environment environment variables by name (e.g. {@code System::getenv})
     */
    public InitParams(String filterName, UnaryOperator<String> initParams, UnaryOperator<String> sysProps,
                      UnaryOperator<String> environment) {
        Set<String> globalNames = new java.util.HashSet<>();
        for (InitParam param : InitParam.values()) {
            globalNames.add(param.environmentVariable());
        }
        // what the instance itself says (its web.xml and its own variables), before any global source
        Map<InitParam, String> own = new EnumMap<>(InitParam.class);
        Map<InitParam, String[]> instanceValues = new EnumMap<>(InitParam.class);
        for (InitParam param : InitParam.values()) {
            String instanceEnv = filterName == null ? null : instanceVariable(filterName, param);
            String instanceProp = filterName == null ? null : instanceProperty(filterName, param);
            // a filter named e.g. "refresh" would read OIDC_REFRESH_SCOPE, the global refresh-scope: not as its own
            boolean instanceUsable = instanceEnv != null && !globalNames.contains(instanceEnv);
            String[] values = {instanceUsable ? trimmed(environment.apply(instanceEnv)) : null,
                    instanceUsable ? trimmed(sysProps.apply(instanceProp)) : null};
            instanceValues.put(param, values);
            String ownValue = values[0] != null ? values[0] : values[1] != null ? values[1]
                    : trimmed(initParams.apply(param.paramName()));
            if (ownValue != null) {
                own.put(param, ownValue);
            }
        }
        // an instance that says what it protects (any of it) takes none of it from a global source; one that says
        // it is a bearer API also keeps the audience and token types it accepts
        boolean bound = INSTANCE_BOUND.stream().anyMatch(own::containsKey);
        boolean ownBearer = "bearer".equals(own.get(InitParam.MODE));
        for (InitParam param : InitParam.values()) {
            String instanceEnv = filterName == null ? null : instanceVariable(filterName, param);
            String instanceProp = filterName == null ? null : instanceProperty(filterName, param);
            String webXml = trimmed(initParams.apply(param.paramName()));
            String globalEnv = trimmed(environment.apply(param.environmentVariable()));
            String globalProp = trimmed(sysProps.apply(param.systemProperty()));
            boolean globalAllowed = !(bound && INSTANCE_BOUND.contains(param)
                    || ownBearer && BEARER_BOUND.contains(param) && own.containsKey(param));
            if (!globalAllowed) {
                if (globalEnv != null) {
                    ignored.add(param.environmentVariable());
                }
                if (globalProp != null) {
                    ignored.add(param.systemProperty());
                }
            }
            String[][] candidates = {
                    {instanceValues.get(param)[0], instanceEnv},
                    {instanceValues.get(param)[1], instanceProp},
                    {globalAllowed ? globalEnv : null, param.environmentVariable()},
                    {globalAllowed ? globalProp : null, param.systemProperty()},
                    {webXml, "web.xml"},
                    {trimmed(param.defaultValue()), "default"}};
            for (String[] candidate : candidates) {
                if (candidate[0] != null) {
                    values.put(param, candidate[0]);
                    sources.put(param, candidate[1]);
                    if (webXml != null && !"web.xml".equals(candidate[1])) {
                        overWebXml.add(param);
                    }
                    break;
                }
            }
        }
    }

    /** {@code OIDC_<FILTER_NAME>_<NAME>}. */
    public static String instanceVariable(String filterName, InitParam param) {
        return "OIDC_" + filterName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_"
                + param.environmentVariable().substring("OIDC_".length());
    }

    /** {@code oidc.<filter-name>.<name>}. */
    public static String instanceProperty(String filterName, InitParam param) {
        return "oidc." + filterName + "." + param.paramName();
    }

    /** The value of the parameter, trimmed, or empty when it is neither set nor has a default. */
    public Optional<String> get(InitParam param) {
        return Optional.ofNullable(values.get(param));
    }

    /**
     * Where the value of a parameter came from: a variable or property name, {@code web.xml} or {@code default};
     * empty when unset. Never the value itself.
     */
    public Optional<String> source(InitParam param) {
        return Optional.ofNullable(sources.get(param));
    }

    /** Global variables and properties that were set but ignored, because web.xml binds the parameter. */
    public List<String> ignoredGlobals() {
        return List.copyOf(ignored);
    }

    /** Parameters whose web.xml (init-param) value an environment variable or system property replaced. */
    public Set<InitParam> overridingWebXml() {
        return overWebXml.isEmpty() ? Set.of() : EnumSet.copyOf(overWebXml);
    }

    /**
     * One line naming each set parameter's source (names only, no values), e.g. {@code issuer=OIDC_ISSUER}, and
     * {@code over web.xml} where that source replaced the web.xml value (a test's system property replacing the
     * application's own setting shows there), e.g. {@code roles-claim=oidc.roles-claim over web.xml}.
     */
    public String describeSources() {
        StringBuilder out = new StringBuilder();
        sources.forEach((param, source) -> {
            if (!"default".equals(source)) {
                out.append(out.length() == 0 ? "" : ", ").append(param.paramName()).append('=').append(source)
                        .append(overWebXml.contains(param) ? " over web.xml" : "");
            }
        });
        return out.toString();
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
