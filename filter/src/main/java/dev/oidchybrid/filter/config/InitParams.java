package dev.oidchybrid.filter.config;

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
 * {@code exclude-paths}, {@code required-scopes}) are never taken from a global source when the instance's
 * web.xml sets any of them: a variable meant for one filter (the login filter's {@code OIDC_EXCLUDE_PATHS})
 * must not open another's paths (a bearer filter's whose web.xml sets {@code mode}). Blank values count as
 * absent.
 */
public final class InitParams {

    /** Parameters a global variable may not change once the instance's web.xml sets any of them. */
    public static final Set<InitParam> INSTANCE_BOUND = EnumSet.of(InitParam.MODE, InitParam.EXCLUDE_PATHS,
            InitParam.REQUIRED_SCOPES);

    private final Map<InitParam, String> values = new EnumMap<>(InitParam.class);
    private final Map<InitParam, String> sources = new EnumMap<>(InitParam.class);
    private final List<String> ignored = new ArrayList<>();

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
        // an instance whose web.xml says what it protects (any of them) takes none of them from a global source
        boolean boundByWebXml = INSTANCE_BOUND.stream().anyMatch(p -> trimmed(initParams.apply(p.paramName())) != null);
        for (InitParam param : InitParam.values()) {
            String instanceEnv = filterName == null ? null : instanceVariable(filterName, param);
            String instanceProp = filterName == null ? null : instanceProperty(filterName, param);
            // a filter named e.g. "refresh" would read OIDC_REFRESH_SCOPE, the global refresh-scope: not as its own
            boolean instanceUsable = instanceEnv != null && !globalNames.contains(instanceEnv);
            String webXml = trimmed(initParams.apply(param.paramName()));
            String globalEnv = trimmed(environment.apply(param.environmentVariable()));
            String globalProp = trimmed(sysProps.apply(param.systemProperty()));
            boolean globalAllowed = !boundByWebXml || !INSTANCE_BOUND.contains(param);
            if (!globalAllowed) {
                if (globalEnv != null) {
                    ignored.add(param.environmentVariable());
                }
                if (globalProp != null) {
                    ignored.add(param.systemProperty());
                }
            }
            String[][] candidates = {
                    {instanceUsable ? trimmed(environment.apply(instanceEnv)) : null, instanceEnv},
                    {instanceUsable ? trimmed(sysProps.apply(instanceProp)) : null, instanceProp},
                    {globalAllowed ? globalEnv : null, param.environmentVariable()},
                    {globalAllowed ? globalProp : null, param.systemProperty()},
                    {webXml, "web.xml"},
                    {trimmed(param.defaultValue()), "default"}};
            for (String[] candidate : candidates) {
                if (candidate[0] != null) {
                    values.put(param, candidate[0]);
                    sources.put(param, candidate[1]);
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

    /** One line naming each set parameter's source (names only, no values), e.g. {@code issuer=OIDC_ISSUER}. */
    public String describeSources() {
        StringBuilder out = new StringBuilder();
        sources.forEach((param, source) -> {
            if (!"default".equals(source)) {
                out.append(out.length() == 0 ? "" : ", ").append(param.paramName()).append('=').append(source);
            }
        });
        return out.toString();
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
