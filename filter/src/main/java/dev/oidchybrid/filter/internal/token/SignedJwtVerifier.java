package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.OidcException;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import java.util.Set;
import java.util.function.Function;

/**
 * Verifies the signature of a compact JWS signed by the provider (ID tokens, logout tokens): the {@code alg}
 * must be on the allow-list (checked before any key lookup, so forged tokens cannot spend the JWKS refetch),
 * the key comes from the provider's JWKS, and an encrypted token is refused. Claims are not checked here.
 * Failure reasons are fixed phrases: jose4j's own messages can quote token contents.
 */
final class SignedJwtVerifier {

    /** A rejected token, with a reason safe to log. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Set<String> algorithms;
    private final JwtConsumer consumer;

    SignedJwtVerifier(Set<String> algorithms, VerificationKeyResolver keys) {
        this.algorithms = Set.copyOf(algorithms);
        this.consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(keys)
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        algorithms.toArray(String[]::new)))
                .setSkipAllValidators()
                .build();
    }

    /**
     * @throws Rejected     when the token is not a well-formed JWS with a valid signature by the provider
     * @throws OidcException when the provider's keys cannot be fetched
     */
    JwtContext verify(String token) throws Rejected {
        if (token == null || token.isEmpty()) {
            throw new Rejected("missing");
        }
        long dots = token.chars().filter(c -> c == '.').count();
        if (dots != 2) {
            throw new Rejected(dots == 4 ? "encrypted (JWE), which is not configured" : "not a compact JWS");
        }
        String alg;
        try {
            alg = JsonWebStructure.fromCompactSerialization(token).getAlgorithmHeaderValue();
        } catch (JoseException | RuntimeException e) {
            throw new Rejected("signature or format rejected: not a well-formed signed JWT");
        }
        if (alg == null || !algorithms.contains(alg)) {
            String shown = alg != null && alg.matches("[A-Za-z0-9]{1,16}") ? alg : "?";
            throw new Rejected("signature or format rejected: algorithm '" + shown + "' not allowed (id-token-algorithms)");
        }
        try {
            return consumer.process(token);
        } catch (InvalidJwtException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof OidcException oidc) {
                    throw oidc;
                }
            }
            throw new Rejected("signature or format rejected: " + reason(e));
        }
    }

    /**
     * {@link #verify(String)}, with a rejection thrown as {@code failure} of "{@code what} reason", e.g.
     * "logout token signature or format rejected: ...".
     */
    JwtContext verify(String token, String what, Function<String, OidcException> failure) {
        try {
            return verify(token);
        } catch (Rejected e) {
            throw failure.apply(what + " " + e.getMessage());
        }
    }

    private static String reason(InvalidJwtException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvableKeyException) {
                // the key resolver's own message names the kid (only when it is a plain identifier) and the
                // published kids; any other message is not ours to log
                String message = t.getMessage();
                return message != null && message.startsWith("no key in the provider's JWKS") ? message
                        : "no key in the provider's JWKS matches the token's kid and alg (after at most one refetch "
                        + "per minute)";
            }
            if (t instanceof InvalidAlgorithmException) {
                return "algorithm not allowed (id-token-algorithms)";
            }
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "signature does not verify";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "unsigned token";
        }
        return "not a well-formed signed JWT";
    }
}
