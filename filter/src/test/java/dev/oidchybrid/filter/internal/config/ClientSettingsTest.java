package dev.oidchybrid.filter.internal.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's typed authorization parameters: audience and organization are read as values, not map keys. */
class ClientSettingsTest {

    private static OidcConfig.Builder valid() {
        return OidcConfig.builder().set(InitParam.ISSUER, "https://tenant.eu.auth0.com/")
                .set(InitParam.CLIENT_ID, "abc").set(InitParam.CLIENT_SECRET, "s3cret-value");
    }

    @Test
    void audienceAndOrganizationWhenUnsetThenEmpty() {
        ClientSettings client = valid().build().client();
        assertEquals(Optional.empty(), client.audience());
        assertEquals(Optional.empty(), client.organization());
        assertTrue(client.authorizationParams().isEmpty());
    }

    @Test
    void audienceAndOrganizationWhenSetThenTypedAndStillSentAsAuthorizationParams() {
        ClientSettings client = valid().set(InitParam.AUDIENCE, "https://api.example.com")
                .set(InitParam.ORGANIZATION, "org_123").build().client();
        assertEquals(Optional.of("https://api.example.com"), client.audience());
        assertEquals(Optional.of("org_123"), client.organization());
        assertEquals("https://api.example.com", client.authorizationParams().get("audience"));
        assertEquals("org_123", client.authorizationParams().get("organization"));
    }

    @Test
    void organizationWhenSentThroughExtraAuthParamsThenTypedToo() {
        // the organization asked for is the one ID tokens must be for, whichever parameter sends it
        ClientSettings client = valid().set(InitParam.EXTRA_AUTH_PARAMS, "organization=org_9&audience=urn%3Aapi")
                .build().client();
        assertEquals(Optional.of("org_9"), client.organization());
        assertEquals(Optional.of("urn:api"), client.audience());
    }

    @Test
    void audienceWhenBearerModeThenTheAudienceTokensMustCarry() {
        OidcConfig config = OidcConfig.builder().set(InitParam.MODE, "bearer")
                .set(InitParam.ISSUER, "https://tenant.eu.auth0.com/").set(InitParam.AUDIENCE, "appointments:api").build();
        assertEquals(Optional.of("appointments:api"), config.client().audience());
        assertEquals("", config.client().clientId());
    }

    @Test
    void toStringWhenSecretSetThenNeverShowsIt() {
        String text = valid().build().client().toString();
        assertFalse(text.contains("s3cret"), text);
        assertTrue(text.contains("clientId=abc"), text);
    }

    @Test
    void parWhenUnsetThenAuto() {
        assertEquals(ParMode.AUTO, valid().build().client().par());
    }

    @Test
    void parWhenTrueOrFalseThenThatMode() {
        assertEquals(ParMode.TRUE, valid().set(InitParam.PAR, "true").build().client().par());
        assertEquals(ParMode.FALSE, valid().set(InitParam.PAR, "false").build().client().par());
    }

    @Test
    void parWhenNotAutoTrueOrFalseThenConfigurationProblem() {
        dev.oidchybrid.filter.internal.OidcException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.oidchybrid.filter.internal.OidcException.class, () -> valid().set(InitParam.PAR, "always").build());
        assertTrue(e.description().contains("par"), e.description());
        assertTrue(e.description().contains("must be auto, true or false"), e.description());
    }
}
