package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.crypto.SealingScope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreservedPostSealerTest {

    private static final SealingScope SCOPE = new SealingScope("https://op.example", "client-1", "/app");
    private static final String KEY = "a-first-secret-that-is-long-enough-000";
    private static final PreservedPost POST = new PreservedPost("state-abcdefghijklmnopqrstuvwxyz",
            "item=apple&note=%3Cscript%3E&item=pear");

    @Test
    void unsealWhenSealedHereThenTheSameFormAndState() {
        PreservedPostSealer sealer = new PreservedPostSealer(List.of(KEY), SCOPE);
        assertEquals(POST, sealer.unseal(sealer.seal(POST)).orElseThrow());
    }

    @Test
    void sealWhenSealedThenTheFormCannotBeRead() {
        String sealed = new PreservedPostSealer(List.of(KEY), SCOPE).seal(POST);
        assertFalse(sealed.contains("apple"));
        assertFalse(new String(java.util.Base64.getUrlDecoder().decode(sealed.split("\\.")[3]),
                java.nio.charset.StandardCharsets.ISO_8859_1).contains("apple"));
    }

    @Test
    void unsealWhenSealedForAnotherApplicationClientOrIssuerThenRefused() {
        String sealed = new PreservedPostSealer(List.of(KEY), SCOPE).seal(POST);
        for (SealingScope other : List.of(new SealingScope("https://op.example", "client-1", "/other"),
                new SealingScope("https://op.example", "client-2", "/app"),
                new SealingScope("https://other-op.example", "client-1", "/app"))) {
            assertTrue(new PreservedPostSealer(List.of(KEY), other).unseal(sealed).isEmpty(), other.toString());
        }
    }

    @Test
    void unsealWhenSealedWithAnotherKeyThenRefused() {
        String sealed = new PreservedPostSealer(List.of("another-secret-that-is-long-enough-111"), SCOPE).seal(POST);
        assertTrue(new PreservedPostSealer(List.of(KEY), SCOPE).unseal(sealed).isEmpty());
    }

    @Test
    void unsealWhenAPendingLoginOfTheSameScopeThenRefused() {
        String login = new PendingLoginSealer(List.of(KEY), SCOPE).seal(new PendingLogin(POST.state(), "n", "v", "/x",
                Instant.ofEpochSecond(1_800_000_000L), "https://app/callback"));
        assertTrue(new PreservedPostSealer(List.of(KEY), SCOPE).unseal(login).isEmpty(),
                "another purpose's key: a login state never unseals as a kept form");
    }

    @Test
    void unsealWhenAlteredTruncatedOrGarbageThenRefused() {
        PreservedPostSealer sealer = new PreservedPostSealer(List.of(KEY), SCOPE);
        String sealed = sealer.seal(POST);
        int inCiphertext = sealed.lastIndexOf('.') - 3;
        char c = sealed.charAt(inCiphertext);
        assertTrue(sealer.unseal(sealed.substring(0, inCiphertext) + (c == 'A' ? 'B' : 'A')
                + sealed.substring(inCiphertext + 1)).isEmpty());
        assertTrue(sealer.unseal(sealed.substring(0, sealed.length() / 2)).isEmpty());
        assertTrue(sealer.unseal("garbage").isEmpty());
        assertTrue(sealer.unseal("").isEmpty());
        assertTrue(sealer.unseal("x".repeat(PreservedPostSealer.MAX_SEALED_LENGTH + 1)).isEmpty());
    }
}
