package dev.oidchybrid.filter.config;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Resolves the raw value of each {@link InitParam} from its three sources with the documented precedence:
 * environment variable, then system property, then the web.xml init-param, then the default. Blank values
 * count as absent.
 */
public final class InitParams {

    private final Map<InitParam, String> values = new EnumMap<>(InitParam.class);

    /**
     * @param initParams  web.xml init-params by name (e.g. {@code FilterConfig::getInitParameter})
     * @param sysProps    system properties by name (e.g. {@code System::getProperty})
     * @param environment environment variables by name (e.g. {@code System::getenv})
     */
    public InitParams(UnaryOperator<String> initParams, UnaryOperator<String> sysProps,
                      UnaryOperator<String> environment) {
        for (InitParam param : InitParam.values()) {
            String value = firstNonBlank(environment.apply(param.environmentVariable()),
                    sysProps.apply(param.systemProperty()),
                    initParams.apply(param.paramName()),
                    param.defaultValue());
            if (value != null) {
                values.put(param, value);
            }
        }
    }

    /** The value of the parameter, trimmed, or empty when it is neither set nor has a default. */
    public Optional<String> get(InitParam param) {
        return Optional.ofNullable(values.get(param));
    }

    private static String firstNonBlank(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.trim();
            }
        }
        return null;
    }
}
