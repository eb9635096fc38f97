package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stateless DPoP nonces of a resource (RFC 9449 §9): accepted for one to two slots, under the keys only. */
class DpopNoncesTest {

    private static final byte[] KEY = "dpop-nonce-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OLD_KEY = "dpop-nonce-test-old-key-0123456789ab".getBytes(StandardCharsets.UTF_8);
    private final MutableClock clock = MutableClock.at(1_800_000_000L);

    @Test
    void acceptsWhenTheSlotDoesNotFitALongOrIsNotAsciiDigitsThenFalseNeverAnException() {
        DpopNonces nonces = new DpopNonces(List.of(KEY), clock);
        assertFalse(nonces.accepts("9999999999999999999.x"));
        assertFalse(nonces.accepts("99999999999999999999.x"));
        assertFalse(nonces.accepts("\u0661\u0662.x"), "Arabic-Indic digits are digits to Character.isDigit");
    }

    @Test
    void acceptsWhenTheCurrentNonceThenTrue() {
        DpopNonces nonces = new DpopNonces(List.of(KEY), clock);
        assertTrue(nonces.accepts(nonces.current()));
    }

    @Test
    void acceptsWhenTheNonceIsOfThePreviousSlotThenTrue() {
        DpopNonces nonces = new DpopNonces(List.of(KEY), clock);
        String nonce = nonces.current();
        clock.advance(Duration.ofSeconds(DpopNonces.SLOT_SECONDS));
        assertTrue(nonces.accepts(nonce));
    }

    @Test
    void acceptsWhenTheNonceIsOfAnotherApiWithTheSameKeysThenFalse() {
        // two APIs sharing cookie-keys: a nonce one hands out opens nothing at the other
        DpopNonces appointments = new DpopNonces(List.of(KEY), "appointments:api", clock);
        DpopNonces billing = new DpopNonces(List.of(KEY), "billing:api", clock);
        assertFalse(billing.accepts(appointments.current()));
        assertTrue(appointments.accepts(appointments.current()));
    }

    @Test
    void acceptsWhenTheNonceIsTwoSlotsOldThenFalse() {
        DpopNonces nonces = new DpopNonces(List.of(KEY), clock);
        String nonce = nonces.current();
        clock.advance(DpopNonces.lifetime());
        assertFalse(nonces.accepts(nonce));
    }

    @Test
    void acceptsWhenTheNonceIsOfAFutureSlotThenFalse() {
        DpopNonces nonces = new DpopNonces(List.of(KEY), clock);
        clock.advance(Duration.ofSeconds(DpopNonces.SLOT_SECONDS));
        String future = nonces.current();
        clock.advance(Duration.ofSeconds(-DpopNonces.SLOT_SECONDS));
        assertFalse(nonces.accepts(future));
    }

    @Test
    void acceptsWhenMadeWithAnotherKeyThenFalse() {
        String foreign = new DpopNonces(List.of(OLD_KEY), clock).current();
        assertFalse(new DpopNonces(List.of(KEY), clock).accepts(foreign));
    }

    @Test
    void acceptsWhenMadeWithARotatedOutKeyStillListedThenTrue() {
        String old = new DpopNonces(List.of(OLD_KEY), clock).current();
        assertTrue(new DpopNonces(List.of(KEY, OLD_KEY), clock).accepts(old));
    }

    @Test
    void acceptsWhenForgedOrMalformedThenFalse() {
        DpopNonces nonces = new DpopNonces(List.of(KEY), clock);
        String nonce = nonces.current();
        String slot = nonce.substring(0, nonce.indexOf('.'));
        assertFalse(nonces.accepts(slot + ".AAAA"));
        assertFalse(nonces.accepts(slot));
        assertFalse(nonces.accepts("x" + nonce));
        assertFalse(nonces.accepts("-" + nonce));
        assertFalse(nonces.accepts(""));
        assertFalse(nonces.accepts(null));
        assertFalse(nonces.accepts("9".repeat(30) + ".x"));
    }
}
