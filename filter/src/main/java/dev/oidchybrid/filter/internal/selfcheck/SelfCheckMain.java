package dev.oidchybrid.filter.internal.selfcheck;

import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.http.ProviderHttp;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.InitParams;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.discovery.DiscoveryClient;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import dev.oidchybrid.filter.internal.crypto.DecryptionKeys;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.token.ClientAuthentication;
import dev.oidchybrid.filter.internal.token.ClientKeyLoader;
import dev.oidchybrid.filter.internal.token.JerseyTokenClient;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The self-check from the command line, before deploying:
 * <pre>
 * java -jar oidc-hybrid-filter-&lt;version&gt;-all.jar check --issuer https://tenant.example.com/ --client-id abc \
 *      [--client-secret ...] [--response-type "code id_token"] [--any-init-param value ...] [--probe-client]
 * </pre>
 * Any init-param may be given as {@code --<name> value}; the {@code OIDC_<NAME>} environment variables apply
 * too (the options win), so the check sees what the filter will see. It prints the same findings the filter
 * logs at start-up. {@code --probe-client} also sends the token endpoint a code that cannot be valid, to learn
 * from the answer whether the client's credentials are accepted ({@code invalid_grant}) or refused
 * ({@code invalid_client}). Exit status: 0 without errors, 1 with errors, 2 when the check could not run.
 */
public final class SelfCheckMain {

    private SelfCheckMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System::getenv, System.out));
    }

    /** Runs the check; returns the exit status. */
    public static int run(String[] args, UnaryOperator<String> environment, PrintStream out) {
        List<String> list = new ArrayList<>(Arrays.asList(args));
        if (list.isEmpty() || !list.get(0).equals("check")) {
            out.println(usage());
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        boolean probe = false;
        for (int i = 1; i < list.size(); i++) {
            String arg = list.get(i);
            if (arg.equals("--probe-client")) {
                probe = true;
            } else if (arg.startsWith("--") && i + 1 < list.size() && known(arg.substring(2))) {
                options.put(arg.substring(2), list.get(++i));
            } else {
                out.println("unknown option or missing value: " + arg);
                out.println(usage());
                return 2;
            }
        }
        OidcConfig config;
        try {
            // the options win over the OIDC_* environment, which wins over the defaults
            Map<String, String> byVariable = new HashMap<>();
            for (InitParam param : InitParam.values()) {
                if (options.containsKey(param.paramName())) {
                    byVariable.put(param.environmentVariable(), options.get(param.paramName()));
                }
            }
            config = OidcConfig.builder(new InitParams(name -> null, name -> null,
                    variable -> byVariable.containsKey(variable) ? byVariable.get(variable)
                            : environment.apply(variable))).build();
        } catch (OidcException e) {
            out.println("configuration: " + e.description());
            return 2;
        }
        Optional<ClientKeys> keys;
        Optional<DecryptionKeys> decryption;
        try {
            keys = config.bearer().enabled() ? Optional.empty()
                    : ClientKeyLoader.fromFileSystem().load(config.client().keys());
            decryption = config.bearer().enabled() ? Optional.empty()
                    : ClientKeyLoader.fromFileSystem().loadDecryptionKeys(config.client().keys(), keys);
        } catch (OidcException e) {
            out.println("configuration: " + e.description());
            return 2;
        }
        try (ProviderHttp http = ProviderHttp.open(config.timeouts().connectTimeout(), config.timeouts().readTimeout())) {
            ProviderMetadata provider;
            try {
                provider = new DiscoveryClient(http).discover(config.provider().issuer());
            } catch (OidcException e) {
                out.println("ERROR discovery: " + e.description());
                return 2;
            }
            out.println("OIDC self-check of " + config.provider().issuer() + " for client " + config.client().clientId());
            List<Finding> findings = new ArrayList<>(SelfCheck.check(config, provider, keys, decryption));
            if (probe) {
                findings.add(probeClient(config, provider, keys, http));
            }
            findings.forEach(f -> out.println(f.line()));
            if (findings.isEmpty()) {
                out.println("OK: the provider advertises everything this configuration uses");
            }
            return findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR) ? 1 : 0;
        }
    }

    /** Redeems a code that cannot be valid: the error tells whether the client authentication was accepted. */
    static Finding probeClient(OidcConfig config, ProviderMetadata provider, Optional<ClientKeys> keys,
                               ProviderHttp http) {
        try {
            ClientAuthentication authentication = ClientAuthentication.forClient(config.client(), keys, config.profile(),
                    provider::tokenEndpointAuthSigningAlgValuesSupported, Clock.systemUTC(),
                    new RandomTokens(new SecureRandom()));
            new JerseyTokenClient(http, authentication, config.provider().issuer(), null).redeemCode(
                    provider.tokenEndpoint(), "oidc-hybrid-self-check-probe-not-a-code",
                    config.paths().baseUrl().orElse("https://invalid.example") + config.paths().redirectPath(),
                    "oidc-hybrid-self-check-probe-verifier-0000000000000000000", null);
            return new Finding(Finding.Severity.ERROR, "client", "the token endpoint accepted a made-up code: "
                    + "this provider must not be trusted");
        } catch (OidcException e) {
            String error = e.providerError().orElse("");
            if (error.equals("invalid_client") || error.equals("unauthorized_client")) {
                return new Finding(Finding.Severity.ERROR, "client-secret", "the token endpoint refused the client ("
                        + error + "): check client-id, client-secret and client-auth (" + config.client().clientAuth().value()
                        + ") against the provider's client settings");
            }
            if (!error.isEmpty()) {
                return new Finding(Finding.Severity.INFO, "client", "client authentication accepted (the probe "
                        + "code was refused with " + error + ", as it should be)");
            }
            return new Finding(Finding.Severity.WARNING, "client", "the client probe got no OAuth error: "
                    + e.description());
        }
    }

    private static boolean known(String name) {
        return Arrays.stream(InitParam.values()).anyMatch(p -> p.paramName().equals(name));
    }

    private static String usage() {
        return "usage: java -jar oidc-hybrid-filter-<version>-all.jar check --issuer <url> --client-id <id> "
                + "[--client-secret <secret>] [--<init-param> <value> ...] [--probe-client]";
    }
}
