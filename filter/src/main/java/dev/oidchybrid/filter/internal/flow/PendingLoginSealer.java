package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.config.StepUp;
import dev.oidchybrid.filter.internal.crypto.Sealer;
import dev.oidchybrid.filter.internal.crypto.SealingScope;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Seals a {@link PendingLogin} into an opaque cookie value and back with a {@link Sealer} (JWE, direct
 * AES-256-GCM), so the browser can neither read nor alter it; the first secret seals, all unseal (rotation).
 */
public final class PendingLoginSealer {

    /** Looked up once: {@code Json.create*} would search the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();


    private final Sealer sealer;

    /**
     * @param secrets one or more secrets; the first seals
     * @param scope   the provider, client and application the logins belong to
     */
    public PendingLoginSealer(List<String> secrets, SealingScope scope) {
        this.sealer = new Sealer(secrets, scope.label("pending-login"));
    }

    public String seal(PendingLogin login) {
        String payload = JSON.createObjectBuilder()
                .add("s", login.state())
                .add("n", login.nonce())
                .add("v", login.codeVerifier())
                .add("r", login.returnPath())
                .add("t", login.issuedAt().getEpochSecond())
                .add("u", login.redirectUri())
                .add("x", login.restarted())
                .add("a", login.stepUp().acrValuesText())
                .add("m", login.stepUp().maxAge().orElse(-1L))
                .add("p", login.stepUp().reauthenticate())
                .build().toString();
        return sealer.seal(payload);
    }

    /** The login sealed in {@code value}, or empty when it was altered, sealed by an unknown key, or garbage. */
    public Optional<PendingLogin> unseal(String value) {
        Optional<String> payload = sealer.unseal(value, 8192);
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        try (JsonReader reader = JSON.createReader(new StringReader(payload.get()))) {
            JsonObject json = reader.readObject();
            return Optional.of(new PendingLogin(json.getString("s"), json.getString("n"), json.getString("v"),
                    json.getString("r"), Instant.ofEpochSecond(json.getJsonNumber("t").longValueExact()),
                    json.getString("u"), json.getBoolean("x", false), stepUp(json)));
        } catch (RuntimeException e) {
            // sealed by us but not a login (should not happen): no login
            return Optional.empty();
        }
    }

    /** The step-up a login recorded; none for a login sealed before step-ups were recorded. */
    private static StepUp stepUp(JsonObject json) {
        String acr = json.getString("a", "");
        long maxAge = json.containsKey("m") ? json.getJsonNumber("m").longValueExact() : -1;
        return new StepUp(acr.isEmpty() ? List.of() : List.of(acr.split(" ")),
                maxAge < 0 ? Optional.empty() : Optional.of(maxAge), json.getBoolean("p", false));
    }
}
