package io.ucfleet.node.authz;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int GCM_NONCE = 12;
    private static final int GCM_TAG_BITS = 128;

    private final SecureRandom random;

    public Tokens(SecureRandom random) {
        this.random = random;
    }

    /** What introspection says about a token (RFC 7662: inactive tokens tell nothing more). */
    public record Introspection(boolean active, String tokenUse, String subject, String issuer, String keyId,
            Instant issuedAt, Instant expiresAt) {
        static final Introspection INACTIVE = new Introspection(false, null, null, null, null, null, null);
    }

    public String issueAccess(AuthzKeySet.Signing key, String issuer, String subject, Instant now, Duration lifetime) {
        PrivateKey privateKey = key.privateKey()
                .orElseThrow(() -> new IllegalStateException("this node holds no private AUTHZ signing key"));
        String header = encodeJson(ordered("alg", "RS256", "typ", "JWT", "kid", key.keyId()));
        String payload = encodeJson(claims(issuer, subject, now, lifetime, ACCESS));
        String signingInput = header + "." + payload;
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
    }

    public String issueRefresh(AuthzKeySet.Encryption key, String issuer, String subject, Instant now, Duration lifetime) {
        String header = encodeJson(ordered("alg", "dir", "enc", "A256GCM", "kid", key.keyId()));
        byte[] nonce = new byte[GCM_NONCE];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(GCM_TAG_BITS, nonce));
            // RFC 7516 5.1: the additional authenticated data is the encoded protected header.
            cipher.updateAAD(header.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(claims(issuer, subject, now, lifetime, REFRESH)));
            byte[] ciphertext = Arrays.copyOf(sealed, sealed.length - GCM_TAG_BITS / 8);
            byte[] tag = Arrays.copyOfRange(sealed, sealed.length - GCM_TAG_BITS / 8, sealed.length);
            // Compact JWE: header . (no encrypted key with "dir") . iv . ciphertext . tag
            return header + ".." + B64.encodeToString(nonce) + "." + B64.encodeToString(ciphertext) + "."
                    + B64.encodeToString(tag);
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot encrypt a refresh token", e);
        }
    }

    /** Active only if made with the node's current key, intact, and not expired. */
    public Introspection introspect(String token, Optional<AuthzKeySet> keys, Instant now) {
        if (token == null || keys.isEmpty()) {
            return Introspection.INACTIVE;
        }
        try {
            String[] parts = token.trim().split("\\.", -1);
            Optional<JsonNode> claims = switch (parts.length) {
                case 3 -> verifySigned(parts, keys.get().signing());
                case 5 -> decrypt(parts, keys.get().encryption());
                default -> Optional.empty();
            };
            if (claims.isEmpty()) {
                return Introspection.INACTIVE;
            }
            JsonNode c = claims.get();
            Instant expires = Instant.ofEpochSecond(c.path("exp").asLong(0));
            if (!now.isBefore(expires)) {
                return Introspection.INACTIVE;
            }
            String kid = parts.length == 3 ? keys.get().signing().keyId() : keys.get().encryption().keyId();
            return new Introspection(true, c.path("token_use").asText(), c.path("sub").asText(), c.path("iss").asText(),
                    kid, Instant.ofEpochSecond(c.path("iat").asLong()), expires);
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Introspection.INACTIVE; // not base64url or not JSON: not one of our tokens
        }
    }

    private static Optional<JsonNode> verifySigned(String[] parts, AuthzKeySet.Signing key) throws java.io.IOException {
        JsonNode header = JSON.readTree(B64D.decode(parts[0]));
        // Only RS256 under the current kid: never let the token choose a weaker algorithm.
        if (!"RS256".equals(header.path("alg").asText()) || !key.keyId().equals(header.path("kid").asText())) {
            return Optional.empty();
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key.publicKey());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(B64D.decode(parts[2]))) {
                return Optional.empty();
            }
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
        JsonNode claims = JSON.readTree(B64D.decode(parts[1]));
        return ACCESS.equals(claims.path("token_use").asText()) ? Optional.of(claims) : Optional.empty();
    }

    private static Optional<JsonNode> decrypt(String[] parts, AuthzKeySet.Encryption key) throws java.io.IOException {
        JsonNode header = JSON.readTree(B64D.decode(parts[0]));
        if (!"dir".equals(header.path("alg").asText()) || !"A256GCM".equals(header.path("enc").asText())
                || !key.keyId().equals(header.path("kid").asText()) || !parts[1].isEmpty()) {
            return Optional.empty();
        }
        byte[] nonce = B64D.decode(parts[2]);
        byte[] ciphertext = B64D.decode(parts[3]);
        byte[] tag = B64D.decode(parts[4]);
        if (nonce.length != GCM_NONCE || tag.length != GCM_TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(GCM_TAG_BITS, nonce));
            cipher.updateAAD(parts[0].getBytes(StandardCharsets.US_ASCII));
            byte[] plain = cipher.doFinal(ByteBuffer.allocate(ciphertext.length + tag.length).put(ciphertext).put(tag).array());
            JsonNode claims = JSON.readTree(plain);
            return REFRESH.equals(claims.path("token_use").asText()) ? Optional.of(claims) : Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> claims(String issuer, String subject, Instant now, Duration lifetime, String use) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("token_use", use);
        return claims;
    }

    private static Map<String, Object> ordered(String... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static String encodeJson(Map<String, Object> value) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
