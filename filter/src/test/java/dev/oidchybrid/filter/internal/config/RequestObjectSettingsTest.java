package dev.oidchybrid.filter.internal.config;

import dev.oidchybrid.filter.internal.OidcException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code request-object}: its values, the client key it needs, the parameters it forbids. */
class RequestObjectSettingsTest {

    private static final String KEY = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----";

    private static OidcConfig.Builder base() {
        return OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com/").set(InitParam.CLIENT_ID, "app")
                .set(InitParam.CLIENT_SECRET, "s3cret-s3cret");
    }

    private static String problems(OidcConfig.Builder builder) {
        return assertThrows(OidcException.class, builder::build).description();
    }

    @Test
    void requestObjectWhenUnsetThenNone() {
        assertEquals(RequestObjectMode.NONE, base().build().client().requestObject());
        assertEquals("none", InitParam.REQUEST_OBJECT.defaultValue());
    }

    @Test
    void requestObjectWhenSignedWithClientKeyThenSigned() {
        assertEquals(RequestObjectMode.SIGNED, base().set(InitParam.REQUEST_OBJECT, "SIGNED")
                .set(InitParam.CLIENT_KEY, KEY).build().client().requestObject());
        assertEquals(RequestObjectMode.SIGNED, base().set(InitParam.REQUEST_OBJECT, "signed")
                .set(InitParam.CLIENT_KEYSTORE, "/etc/app/client.p12").set(InitParam.CLIENT_KEYSTORE_PASSWORD, "pw")
                .build().client().requestObject());
    }

    @Test
    void requestObjectWhenSignedWithoutClientKeyThenOneProblemNamingClientKey() {
        String problems = problems(base().set(InitParam.REQUEST_OBJECT, "signed"));
        assertTrue(problems.contains("request-object=signed signs every authorization request with the client's key: "
                + "set client-key or client-keystore"), problems);
        assertEquals(1, problems.split("; ").length, problems);
    }

    @Test
    void requestObjectWhenUnknownValueThenProblem() {
        assertTrue(problems(base().set(InitParam.REQUEST_OBJECT, "encrypted"))
                .contains("request-object must be none or signed"));
    }

    @Test
    void requestObjectWhenSignedAndExtraAuthParamsSetsAJwtClaimThenProblem() {
        String problems = problems(base().set(InitParam.REQUEST_OBJECT, "signed").set(InitParam.CLIENT_KEY, KEY)
                .set(InitParam.EXTRA_AUTH_PARAMS, "aud=https://elsewhere.example&exp=1"));
        assertTrue(problems.contains("extra-auth-params must not set 'aud' with request-object=signed"), problems);
        assertTrue(problems.contains("extra-auth-params must not set 'exp'"), problems);
    }

    @Test
    void requestObjectWhenNoneThenExtraAuthParamsMayStillUseTheseNames() {
        assertEquals("x", base().set(InitParam.EXTRA_AUTH_PARAMS, "aud=x").build().client().authorizationParams()
                .get("aud"));
        assertFalse(base().build().client().toString().contains("requestObject=SIGNED"));
    }
}
