package dev.oidchybrid.filter.internal.token;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** c_hash / at_hash per OpenID Connect Core 1.0 §3.3.2.11, against published example values. */
class TokenHashesTest {

    @Test
    void halfHashWhenPublishedExampleAccessTokenThenPublishedAtHash() {
        // SHA-256 left half c1f82f98 4f55c630 2e76c97d 95ce93a8, base64url
        assertEquals("wfgvmE9VxjAudsl9lc6TqA", TokenHashes.halfHash("dNZX1hEZ9wBCzNL40Upu646bdzQA", "RS256").orElseThrow());
    }

    @Test
    void halfHashWhenSpecExampleCodeThenSpecCHash() {
        assertEquals("LDktKdoQak3Pk0cnXxCltA", TokenHashes.halfHash("Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk", "RS256").orElseThrow());
    }

    @Test
    void halfHashWhen384And512ThenLongerHashes() {
        assertEquals(32, TokenHashes.halfHash("x", "ES384").orElseThrow().length());
        assertEquals(43, TokenHashes.halfHash("x", "PS512").orElseThrow().length());
        assertEquals(43, TokenHashes.halfHash("x", "EdDSA").orElseThrow().length());
    }

    @Test
    void matchesWhenUnknownAlgorithmThenFalse() {
        assertTrue(TokenHashes.halfHash("x", "HS256").isEmpty());
        assertFalse(TokenHashes.matches("anything", "x", "none"));
    }
}
