package dev.oidchybrid.benchmarks.micro;

import dev.oidchybrid.benchmarks.RealisticTokens;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The raw cryptography of a login, without any of the filter's rules: one RS256 signature check of an
 * Auth0-sized ID token with jose4j (the filter does two per hybrid login), and one RS256 signature with a
 * 2048-bit key (the development provider makes three per hybrid login: the front-channel ID token, then the
 * access token and ID token of the token response).
 */
@State(Scope.Benchmark)
public class JoseBenchmark {

    private RsaJsonWebKey key;
    private String idToken;
    private String payload;

    @Setup
    public void setUp() throws JoseException {
        key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("k1");
        RealisticTokens tokens = RealisticTokens.issue("RS256");
        payload = new String(Base64.getUrlDecoder().decode(tokens.idToken().split("\\.")[1]), StandardCharsets.UTF_8);
        idToken = rs256Sign();
    }

    @Benchmark
    public boolean rs256Verify() throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(idToken);
        jws.setKey(key.getPublicKey());
        return jws.verifySignature();
    }

    @Benchmark
    public String rs256Sign() throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }
}
