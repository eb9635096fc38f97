package dev.oidchybrid.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server configuration the WildFly runs start with ({@code standalone-oidc.xml}, arquillian.xml): the
 * distribution's {@code standalone.xml} with the one change README.md asks of WildFly operators for
 * {@code container-auth}, the jboss-cli operation
 * {@code /subsystem=undertow/application-security-domain=other:write-attribute(name=integrated-jaspi, value=false)}:
 * Elytron then takes the identity the filter's Jakarta Authentication module hands it (the OpenID Connect user, its
 * roles from roles-claim) instead of looking the user up in the security domain's realm.
 */
final class WildFlyConfiguration {

    /** System property: the unpacked distribution. */
    static final String HOME_PROPERTY = "arquillian.wildfly.home";
    /** The file written beside standalone.xml. */
    static final String FILE = "standalone-oidc.xml";

    private static final String UNDERTOW = "<subsystem xmlns=\"urn:jboss:domain:undertow:";
    private static final String DOMAIN = "<application-security-domain name=\"other\" security-domain=\"ApplicationDomain\"/>";

    private WildFlyConfiguration() {
    }

    static void write(Path home) {
        Path directory = home.resolve("standalone/configuration");
        try {
            String stock = Files.readString(directory.resolve("standalone.xml"), StandardCharsets.UTF_8);
            int undertow = stock.indexOf(UNDERTOW);
            int domain = undertow < 0 ? -1 : stock.indexOf(DOMAIN, undertow);
            if (domain < 0) {
                throw new IllegalStateException("standalone.xml of " + home + " has no undertow application security "
                        + "domain 'other' to change");
            }
            String changed = stock.substring(0, domain) + DOMAIN.replace("/>", " integrated-jaspi=\"false\"/>")
                    + stock.substring(domain + DOMAIN.length());
            Files.writeString(directory.resolve(FILE), changed, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + directory.resolve(FILE), e);
        }
    }
}
