package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.session.OidcPrincipal;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How an {@link OidcSession} is written by Java serialization (container session persistence and replication of
 * the {@code http-session} store): one compact JSON string, the fields the sealed form has ({@link
 * SessionCodec#fields}: tokens, times, id; the claims only where they are not the ID token's own) and the
 * principal's name, issuer, subject and roles, which the configuration derived at login. Read back, the claims
 * come from the ID token again. About half the size of the record's default form, which repeats every claim.
 */
final class SessionForm implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String json;

    SessionForm(OidcSession session) {
        Map<String, Object> fields = SessionCodec.fields(session);
        OidcPrincipal principal = session.principal();
        fields.put("pn", principal.name());
        fields.put("pi", principal.issuer());
        fields.put("ps", principal.subject());
        fields.put("pr", principal.sortedRoles());
        this.json = JsonUtil.toJson(fields);
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        try {
            Map<String, Object> fields = JsonUtil.parseJson(json);
            if (!Long.valueOf(1).equals(fields.get("v")) || !(fields.get("pr") instanceof List<?> roles)
                    || roles.stream().anyMatch(r -> !(r instanceof String))) {
                throw new InvalidObjectException("not a session of this version");
            }
            OidcPrincipal principal = new OidcPrincipal((String) fields.get("pn"), (String) fields.get("pi"),
                    (String) fields.get("ps"), Set.copyOf(roles.stream().map(String.class::cast).toList()));
            return new OidcSession(SessionCodec.tokens(fields), SessionCodec.claims(fields), principal,
                    SessionCodec.loginTime(fields), (String) fields.get("id"));
        } catch (JoseException | RuntimeException e) {
            InvalidObjectException invalid = new InvalidObjectException("damaged session: " + e.getClass().getName());
            invalid.initCause(e);
            throw invalid;
        }
    }
}
