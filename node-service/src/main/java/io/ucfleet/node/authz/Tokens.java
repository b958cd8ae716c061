package io.ucfleet.node.authz;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jose4j.base64url.Base64Url;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import io.ucfleet.node.keys.SigningKey;

/**
 * OAuth tokens in the standard JOSE compact forms, so any JOSE library can read them:
 * access tokens are JWTs signed RS256 with the signing key (RFC 7515/7519); refresh tokens
 * are JWTs encrypted with the symmetric encryption key, {@code alg=dir, enc=A256GCM}
 * (RFC 7516). Both carry the key id ({@code kid}). A token is active while its key is the
 * current key and it has not expired: regenerating a key ends every token made with the old one.
 */
public final class Tokens {
    public static final String ACCESS = "access";
    public static final String REFRESH = "refresh";

    private final ProviderContext provider = new ProviderContext();

    public Tokens(SecureRandom random) {
        provider.setSecureRandom(random); // the refresh tokens' GCM nonces
    }

    /** What introspection says about a token (RFC 7662: inactive tokens tell nothing more). */
    public record Introspection(boolean active, String tokenUse, String subject, String issuer, String keyId,
            Instant issuedAt, Instant expiresAt) {
        static final Introspection INACTIVE = new Introspection(false, null, null, null, null, null, null);
    }

    public String issueAccess(AuthzKeySet.Signing key, String issuer, String subject, Instant now, Duration lifetime) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKeyIdHeaderValue(key.keyId());
        jws.setPayload(claims(issuer, subject, now, lifetime, ACCESS).toJson());
        SigningKey signer = key.privateKey()
                .orElseThrow(() -> new IllegalStateException("this node holds no private AUTHZ signing key"));
        // jose4j forms the header and payload; the key signs them itself (RFC 7515 5.1), so jose4j never holds it.
        String signingInput = jws.getHeaders().getEncodedHeader() + "." + jws.getEncodedPayload();
        try {
            byte[] signature = signer.sign("SHA256withRSA", signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64Url.encode(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
    }

    public String issueRefresh(AuthzKeySet.Encryption key, String issuer, String subject, Instant now, Duration lifetime) {
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.DIRECT);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKeyIdHeaderValue(key.keyId());
        jwe.setPayload(claims(issuer, subject, now, lifetime, REFRESH).toJson());
        jwe.setKey(key.key());
        jwe.setProviderContext(provider);
        try {
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot encrypt a refresh token", e);
        }
    }

    /** Active only if made with the node's current key, intact, not expired, and of the right use. */
    public Introspection introspect(String token, Optional<AuthzKeySet> keys, Instant now) {
        if (token == null || keys.isEmpty()) {
            return Introspection.INACTIVE;
        }
        AuthzKeySet current = keys.get();
        // Exactly these algorithms, whatever the header says: no "none", no HS256 keyed with the public key.
        var consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setJweAlgorithmConstraints(ConstraintType.PERMIT, KeyManagementAlgorithmIdentifiers.DIRECT)
                .setJweContentEncryptionAlgorithmConstraints(ConstraintType.PERMIT,
                        ContentEncryptionAlgorithmIdentifiers.AES_256_GCM)
                .setVerificationKeyResolver((jws, nesting) -> currentKey(jws, nesting, current.signing().keyId(),
                        current.signing().publicKey()))
                .setDecryptionKeyResolver((jwe, nesting) -> currentKey(jwe, nesting, current.encryption().keyId(),
                        current.encryption().key()))
                .setDisableRequireSignature() // refresh tokens are protected by AEAD, not a signature
                .setEnableRequireIntegrity()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
                .build();
        try {
            JwtContext verified = consumer.process(token.trim());
            JsonWebStructure layer = verified.getJoseObjects().get(0);
            String use = layer instanceof JsonWebSignature ? ACCESS : REFRESH;
            JwtClaims claims = verified.getJwtClaims();
            if (!use.equals(claims.getClaimValue("token_use"))) {
                return Introspection.INACTIVE;
            }
            return new Introspection(true, use, claims.getSubject(), claims.getIssuer(), layer.getKeyIdHeaderValue(),
                    Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Introspection.INACTIVE; // not one of ours, altered, expired or made with an old key
        }
    }

    /** The current key, for a single-layer token that names it: a kid of an old key finds nothing. */
    private static Key currentKey(JsonWebStructure layer, List<JsonWebStructure> nesting, String keyId, Key key)
            throws UnresolvableKeyException {
        if (!nesting.isEmpty() || !keyId.equals(layer.getKeyIdHeaderValue())) {
            throw new UnresolvableKeyException("not made with the current key " + keyId);
        }
        return key;
    }

    private static JwtClaims claims(String issuer, String subject, Instant now, Duration lifetime, String use) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("token_use", use);
        return claims;
    }
}
