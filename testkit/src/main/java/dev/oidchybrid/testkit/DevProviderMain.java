package dev.oidchybrid.testkit;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link DevProvider} from the command line until the process is killed:
 * {@code java -cp ... dev.oidchybrid.testkit.DevProviderMain [--port N] [--host H] [--client-jwks JWKS] [--require-par] [--dpop-nonce] [--require-signed-request-object] [--encrypt-id-tokens]} (defaults:
 * an ephemeral port, 127.0.0.1). {@code --client-jwks} (or the environment variable {@value #CLIENT_JWKS_ENV}) lets
 * the demo client also authenticate with {@code private_key_jwt}: a JWK Set or one JWK as JSON, or the path of a
 * file holding it. {@code --require-signed-request-object} makes every authorization request of every client a
 * request object signed with its registered keys (RFC 9101), so it needs {@code --client-jwks}. {@code --encrypt-id-tokens}
 * encrypts the demo client's ID tokens to the key with {@code use: enc} of those keys ({@code RSA-OAEP-256} for an RSA
 * key, {@code ECDH-ES+A256KW} for an EC key, with {@code A256GCM}). Prints the issuer, the demo client credentials
 * and the demo users.
 */
public final class DevProviderMain {

    /** The environment variable read when {@code --client-jwks} is not given. */
    static final String CLIENT_JWKS_ENV = "DEV_PROVIDER_CLIENT_JWKS";

    private DevProviderMain() {
    }

    /**
     * Starts the provider and blocks.
     *
     * @param args {@code --port N}, {@code --host H}, {@code --client-jwks JWKS}, {@code --help}
     * @throws InterruptedException when interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        DevProvider.Builder builder;
        try {
            builder = configure(args, System.getenv(CLIENT_JWKS_ENV));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (builder == null) {
            System.out.println(usage());
            return;
        }
        DevProvider provider = builder.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            provider.close();
            stopped.countDown();
        }, "dev-openid-provider-shutdown"));
        describe(provider, System.out);
        stopped.await();
    }

    /**
     * A builder configured from the arguments, or null when help was asked for.
     *
     * @throws IllegalArgumentException on an unknown option or a bad value
     */
    static DevProvider.Builder configure(String[] args) {
        return configure(args, null);
    }

    /**
     * A builder configured from the arguments and the value of {@value #CLIENT_JWKS_ENV} (an option wins), or
     * null when help was asked for.
     *
     * @throws IllegalArgumentException on an unknown option or a bad value
     */
    static DevProvider.Builder configure(String[] args, String clientJwksEnv) {
        DevProvider.Builder builder = DevProvider.builder();
        String clientJwks = clientJwksEnv == null || clientJwksEnv.isBlank() ? null : clientJwksEnv;
        boolean signedRequestObjects = false;
        boolean encrypt = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--port" -> builder.port(parsePort(value(args, ++i, "--port")));
                case "--host" -> builder.host(value(args, ++i, "--host"));
                case "--client-jwks" -> clientJwks = value(args, ++i, "--client-jwks");
                case "--require-par" -> builder.requirePushedAuthorizationRequests(true);
                case "--dpop-nonce" -> builder.requireDpopNonce(true);
                case "--require-signed-request-object" -> signedRequestObjects = true;
                case "--encrypt-id-tokens" -> encrypt = true;
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        if (encrypt && clientJwks == null) {
            throw new IllegalArgumentException("--encrypt-id-tokens needs --client-jwks (or " + CLIENT_JWKS_ENV
                    + ") with a key of use 'enc'");
        }
        if (clientJwks != null) {
            ClientRegistration demo = ClientRegistration.demo().withPrivateKeyJwt(readJwks(clientJwks));
            builder.client(encrypt ? encrypted(demo) : demo);
        } else if (signedRequestObjects) {
            throw new IllegalArgumentException("--require-signed-request-object needs --client-jwks (or "
                    + CLIENT_JWKS_ENV + "): request objects are verified with the client's keys");
        }
        builder.requireSignedRequestObjects(signedRequestObjects);
        return builder;
    }

    /** {@code client} with its ID tokens encrypted to its first key of use 'enc', by that key's type. */
    private static ClientRegistration encrypted(ClientRegistration client) {
        for (org.jose4j.jwk.JsonWebKey key : ClientRegistration.publicKeys(client.jwks())) {
            if ("enc".equals(key.getUse()) && ("RSA".equals(key.getKeyType()) || "EC".equals(key.getKeyType()))) {
                return client.withIdTokenEncryption(key.getKeyType().equals("RSA") ? IdTokenEncryption.RSA_OAEP_256
                        : IdTokenEncryption.ECDH_ES_A256KW, IdTokenEncryption.A256GCM);
            }
        }
        throw new IllegalArgumentException("--encrypt-id-tokens: the client jwks has no RSA or EC key of use 'enc'");
    }

    /** {@code value} when it is JSON, else the content of the file it names. */
    private static String readJwks(String value) {
        if (value.trim().startsWith("{")) {
            return value;
        }
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(value));
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("--client-jwks: cannot read " + value + ": " + e.getMessage());
        }
    }

    /** Prints the issuer and the demo credentials. */
    static void describe(DevProvider provider, PrintStream out) {
        out.println("Development OpenID Provider (never for production)");
        out.println("  issuer:        " + provider.issuer());
        out.println("  discovery:     " + provider.issuer() + "/.well-known/openid-configuration");
        out.println("  client_id:     " + DevProvider.DEMO_CLIENT_ID);
        out.println("  client_secret: " + DevProvider.DEMO_CLIENT_SECRET);
        out.println("  users:         alice / alice-password, bob / bob-password");
        out.println("Press Ctrl+C to stop.");
        out.flush();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a number: " + text);
        }
    }

    private static String usage() {
        return "usage: DevProviderMain [--port N] [--host H] [--client-jwks JWKS-JSON-or-file] [--require-par] [--dpop-nonce]"
                + " [--require-signed-request-object] [--encrypt-id-tokens]";
    }
}
