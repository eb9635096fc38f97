package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.crypto.Sealer;
import dev.oidchybrid.filter.internal.crypto.SealingScope;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;

/**
 * Seals a {@link PreservedPost} into an opaque cookie value and back with a {@link Sealer} of its own purpose
 * ({@code preserved-post}), bound like every sealed value to issuer, client and application: a pending login, a
 * session or another application's preserved form never unseals here. The login it belongs to is checked by the
 * caller on {@link PreservedPost#state()}.
 */
public final class PreservedPostSealer {

    /** Longest sealed value unsealed: one cookie (4096 bytes with its name) at most. */
    public static final int MAX_SEALED_LENGTH = 4096;
    private static final JsonProvider JSON = JsonProvider.provider();

    private final Sealer sealer;

    /**
     * @param secrets one or more secrets; the first seals
     * @param scope   the provider, client and application the forms belong to
     */
    public PreservedPostSealer(List<String> secrets, SealingScope scope) {
        this.sealer = new Sealer(secrets, scope.label("preserved-post"));
    }

    public String seal(PreservedPost post) {
        return sealer.seal(JSON.createObjectBuilder().add("s", post.state()).add("b", post.body()).build().toString());
    }

    /** The form sealed in {@code value}, or empty when it was altered, sealed elsewhere or for another purpose. */
    public Optional<PreservedPost> unseal(String value) {
        Optional<String> payload = sealer.unseal(value, MAX_SEALED_LENGTH);
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        try (JsonReader reader = JSON.createReader(new StringReader(payload.get()))) {
            JsonObject json = reader.readObject();
            return Optional.of(new PreservedPost(json.getString("s"), json.getString("b")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
