package dev.oidchybrid.interop;

import dev.oidchybrid.testkit.http.Json;
import org.jose4j.json.JsonUtil;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak: the {@code keycloak-quarkus-dist} zip that the build unpacks into {@code target/keycloak/}
 * (its folder given as {@code -Dinterop.keycloak.home}), started in development mode
 * ({@code bin/kc.sh start-dev}, H2 database in its {@code data/} folder, plain http, listening on 127.0.0.1) with
 * the realm {@value #REALM} imported from {@code data/import/}. Keycloak's dev mode takes its issuer from the
 * request's host; the tests use {@code localhost}, because Keycloak marks its login cookies {@code Secure} even
 * over http (browsers accept that on {@code localhost}, and so does HtmlUnit, but HtmlUnit not on
 * {@code 127.0.0.1}). The database is deleted before each start, so every run
 * imports the realm afresh. Runs on the JDK that runs the tests ({@code JAVA_HOME} = {@code java.home}; Keycloak 26
 * needs Java 17 or later).
 *
 * <p>The realm: user {@value #USERNAME} / {@value #PASSWORD} (with e-mail and names, so Keycloak asks for no
 * profile update) holding the realm role {@code admin} (the realm also has a role {@code user} she does not hold);
 * a confidential client {@value #CLIENT_ID} with standard and implicit flow (Keycloak refuses hybrid response
 * types without implicit flow), PKCE S256 required, the given redirect and post-logout redirect URIs, and a realm
 * roles mapper on the client that writes {@code realm_access.roles} into the ID token (Keycloak's built-in one
 * writes it into the access token only). A second client {@value #PAR_CLIENT_ID} (code flow only, same secret,
 * redirect URIs and mapper) requires pushed authorization requests (RFC 9126, the client attribute
 * {@code require.pushed.authorization.requests}); its apps set {@code par} explicitly. A third client
 * {@value #HIGH_SECURITY_CLIENT_ID} (issue 14's high-security client, code flow only) has no secret: it authenticates
 * with {@code private_key_jwt} (Keycloak's {@code client-jwt} authenticator, ES256) under the public JWK set the test
 * gives (the attributes {@code use.jwks.string} / {@code jwks.string}), requires PAR, gets only DPoP-bound access
 * tokens ({@code dpop.bound.access.tokens}; DPoP is a default feature of Keycloak 26.7, no {@code --features}
 * needed), has a {@value #HIGH_SECURITY_ACCESS_TOKEN_SECONDS} s access token lifespan (so a refresh comes soon), and a
 * hard-coded claim {@value #USERINFO_ONLY_CLAIM} that Keycloak puts into UserInfo answers only.
 */
final class KeycloakServer implements AutoCloseable {

    static final String REALM = "demo";
    static final String CLIENT_ID = "sample-app";
    static final String CLIENT_SECRET = "sample-app-secret-not-for-production";
    /** A second confidential client (same secret, code flow only) that requires pushed authorization requests. */
    static final String PAR_CLIENT_ID = "sample-app-par";
    /** The high-security client: private_key_jwt (no secret), PAR required, DPoP-bound access tokens. */
    static final String HIGH_SECURITY_CLIENT_ID = "sample-app-high-security";
    /** The high-security client's access token lifespan. */
    static final int HIGH_SECURITY_ACCESS_TOKEN_SECONDS = 10;
    /** A claim (value {@value #USERINFO_ONLY_VALUE}) only in the high-security client's UserInfo answers. */
    static final String USERINFO_ONLY_CLAIM = "userinfo_only";
    static final String USERINFO_ONLY_VALUE = "from-userinfo";
    static final String USERNAME = "alice";
    static final String PASSWORD = "alice-password";
    static final String EMAIL = "alice@example.com";
    /** Where the client's realm roles mapper puts the roles in the ID token (a dotted path for the filter). */
    static final String ROLES_CLAIM = "realm_access.roles";

    /** The first start augments the Quarkus build (about 25 s here) before booting (about 20 s). */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final String issuer;
    private final Path log;

    private KeycloakServer(Process process, String issuer, Path log) {
        this.process = process;
        this.issuer = issuer;
        this.log = log;
    }

    /**
     * Writes the realm, starts Keycloak on {@code 127.0.0.1:port} and waits until the realm's discovery document
     * answers with the issuer {@code http://<issuerHost>:<port>/realms/demo}.
     *
     * @param issuerHost             host name in the issuer URL ({@code localhost}: see above)
     * @param port                   the port to listen on, on 127.0.0.1
     * @param redirectUris           the client's valid redirect URIs
     * @param postLogoutRedirectUris the client's valid post-logout redirect URIs
     * @param highSecurityJwks       the public JWK set (JSON) of the high-security client's key
     */
    static KeycloakServer start(String issuerHost, int port, List<String> redirectUris, List<String> postLogoutRedirectUris,
            String highSecurityJwks) throws IOException {
        Path home = home();
        Path data = home.resolve("data");
        deleteRecursively(data.resolve("h2"));
        deleteRecursively(data.resolve("import"));
        Path realmFile = Files.createDirectories(data.resolve("import")).resolve(REALM + "-realm.json");
        Files.writeString(realmFile, realmJson(redirectUris, postLogoutRedirectUris, highSecurityJwks), StandardCharsets.UTF_8);

        Path workDir = Files.createDirectories(InteropEnvironment.workDir().resolve("keycloak"));
        Files.copy(realmFile, workDir.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Path log = workDir.resolve("keycloak.log");
        // sh, not the script itself: the unpacked zip need not keep the executable bit
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-host=127.0.0.1", "--import-realm")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("KEYCLOAK_")
                || name.equals("JAVA_OPTS") || name.equals("JAVA_OPTS_APPEND") || name.equals("JAVA"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // no admin console use here; only so that the master realm gets an admin (for someone debugging a run)
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-password-interop");
        String issuer = "http://" + issuerHost + ":" + port + "/realms/" + REALM;
        KeycloakServer server = new KeycloakServer(builder.start(), issuer, log);
        try {
            server.awaitDiscovery();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code http://<issuerHost>:<port>/realms/demo}, exactly as Keycloak's discovery document says. */
    String issuer() {
        return issuer;
    }

    /** Keycloak's output so far (for failure messages). */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops kc.sh and the JVM(s) it started: SIGTERM (Keycloak shuts down cleanly), then SIGKILL if need be. */
    @Override
    public void close() {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        for (ProcessHandle handle : tree) {
            try {
                long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
                handle.onExit().get(left, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // still running: killed below
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void awaitDiscovery() throws IOException {
        String url = issuer + "/.well-known/openid-configuration";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("Keycloak exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200
                        && issuer.equals(Json.object(response.body()).get("issuer"))) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Keycloak", e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Keycloak", e);
            }
        }
        throw new IOException("Keycloak did not serve " + url + " within " + START_TIMEOUT + ":\n" + output());
    }

    static String realmJson(List<String> redirectUris, List<String> postLogoutRedirectUris, String highSecurityJwks) {
        Map<String, Object> rolesMapperConfig = new LinkedHashMap<>();
        rolesMapperConfig.put("claim.name", ROLES_CLAIM);
        rolesMapperConfig.put("multivalued", "true");
        rolesMapperConfig.put("jsonType.label", "String");
        rolesMapperConfig.put("id.token.claim", "true");
        rolesMapperConfig.put("access.token.claim", "false");
        rolesMapperConfig.put("userinfo.token.claim", "false");
        rolesMapperConfig.put("introspection.token.claim", "false");

        Map<String, Object> client = client(CLIENT_ID, true, redirectUris, Map.of(
                "pkce.code.challenge.method", "S256",
                "post.logout.redirect.uris", String.join("##", postLogoutRedirectUris)), rolesMapperConfig);
        Map<String, Object> parClient = client(PAR_CLIENT_ID, false, redirectUris, Map.of(
                "pkce.code.challenge.method", "S256",
                "require.pushed.authorization.requests", "true",
                "post.logout.redirect.uris", String.join("##", postLogoutRedirectUris)), rolesMapperConfig);

        Map<String, String> highSecurityAttributes = new LinkedHashMap<>();
        highSecurityAttributes.put("pkce.code.challenge.method", "S256");
        highSecurityAttributes.put("require.pushed.authorization.requests", "true");
        highSecurityAttributes.put("dpop.bound.access.tokens", "true");
        highSecurityAttributes.put("use.jwks.url", "false");
        highSecurityAttributes.put("use.jwks.string", "true");
        highSecurityAttributes.put("jwks.string", highSecurityJwks);
        highSecurityAttributes.put("token.endpoint.auth.signing.alg", "ES256");
        highSecurityAttributes.put("access.token.lifespan", Integer.toString(HIGH_SECURITY_ACCESS_TOKEN_SECONDS));
        highSecurityAttributes.put("post.logout.redirect.uris", String.join("##", postLogoutRedirectUris));
        Map<String, Object> highSecurityClient = client(HIGH_SECURITY_CLIENT_ID, false, redirectUris,
                highSecurityAttributes, rolesMapperConfig);
        highSecurityClient.put("clientAuthenticatorType", "client-jwt");
        highSecurityClient.remove("secret");
        List<Object> mappers = new ArrayList<>((List<?>) highSecurityClient.get("protocolMappers"));
        mappers.add(Map.of(
                "name", "a claim only UserInfo answers with",
                "protocol", "openid-connect",
                "protocolMapper", "oidc-hardcoded-claim-mapper",
                "consentRequired", false,
                "config", Map.of(
                        "claim.name", USERINFO_ONLY_CLAIM,
                        "claim.value", USERINFO_ONLY_VALUE,
                        "jsonType.label", "String",
                        "id.token.claim", "false",
                        "access.token.claim", "false",
                        "userinfo.token.claim", "true",
                        "introspection.token.claim", "false")));
        highSecurityClient.put("protocolMappers", mappers);

        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", USERNAME);
        user.put("enabled", true);
        user.put("email", EMAIL);
        user.put("emailVerified", true);
        user.put("firstName", "Alice");
        user.put("lastName", "Liddell");
        user.put("credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
        user.put("realmRoles", List.of("admin"));

        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", REALM);
        realm.put("enabled", true);
        realm.put("sslRequired", "external");
        realm.put("roles", Map.of("realm", List.of(
                Map.of("name", "admin", "description", "held by alice"),
                Map.of("name", "user", "description", "held by nobody"))));
        realm.put("users", List.of(user));
        realm.put("clients", List.of(client, parClient, highSecurityClient));
        return JsonUtil.toJson(realm);
    }

    private static Map<String, Object> client(String clientId, boolean implicitFlow, List<String> redirectUris,
            Map<String, String> attributes, Map<String, Object> rolesMapperConfig) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("name", "OIDC Hybrid Filter sample app (interop tests, " + clientId + ")");
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("clientAuthenticatorType", "client-secret");
        client.put("secret", CLIENT_SECRET);
        client.put("standardFlowEnabled", true);
        client.put("implicitFlowEnabled", implicitFlow);
        client.put("directAccessGrantsEnabled", false);
        client.put("serviceAccountsEnabled", false);
        client.put("consentRequired", false);
        client.put("redirectUris", redirectUris);
        client.put("webOrigins", List.of());
        client.put("attributes", attributes);
        client.put("protocolMappers", List.of(Map.of(
                "name", "realm roles in the ID token",
                "protocol", "openid-connect",
                "protocolMapper", "oidc-usermodel-realm-role-mapper",
                "consentRequired", false,
                "config", rolesMapperConfig)));
        return client;
    }

    private static Path home() {
        String value = System.getProperty("interop.keycloak.home");
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property interop.keycloak.home is not set: run through Maven "
                    + "(mvn -pl interop-tests verify), which unpacks Keycloak, without -Dkeycloak.skip=true");
        }
        Path home = Path.of(value).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak at " + home + " (bin/kc.sh missing): run mvn verify without "
                    + "-Dkeycloak.skip=true, which unpacks org.keycloak:keycloak-quarkus-dist there");
        }
        return home;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
