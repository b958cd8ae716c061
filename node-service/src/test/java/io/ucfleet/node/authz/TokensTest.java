package io.ucfleet.node.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import io.ucfleet.node.keys.TestSigningKeys;
import io.ucfleet.node.testing.Openssl;

/** Tokens made and checked without Quarkus; openssl judges the RS256 signature independently. */
class TokensTest {
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);
    final SecureRandom random = new SecureRandom();
    final Tokens tokens = new Tokens(random);

    AuthzKeySet keys(String signingId, KeyPair pair, String encryptionId) throws Exception {
        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(256, random);
        return new AuthzKeySet(new AuthzKeySet.Signing(signingId, 1, NOW, pair.getPublic(), Optional.of(TestSigningKeys.of(pair.getPrivate()))),
                new AuthzKeySet.Encryption(encryptionId, 1, NOW, aes.generateKey()));
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    @Test
    void anAccessTokenIsAnRs256JwtThatOpensslVerifiesWithThePublicKey() throws Exception {
        KeyPair pair = rsa();
        AuthzKeySet keys = keys("sig1", pair, "enc1");
        String token = tokens.issueAccess(keys.signing(), "cucm-pub.example", "alice", NOW, HOUR);
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        assertEquals("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"sig1\"}", header);

        Path dir = Files.createTempDirectory("jws");
        Files.writeString(dir.resolve("input"), parts[0] + "." + parts[1]);
        Files.write(dir.resolve("sig"), Base64.getUrlDecoder().decode(parts[2]));
        Files.writeString(dir.resolve("pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        var verified = Openssl.withInput(null, "dgst", "-sha256", "-verify", dir.resolve("pub.pem").toString(),
                "-signature", dir.resolve("sig").toString(), dir.resolve("input").toString());
        assertEquals("Verified OK", verified.stdout().trim(), verified.stderr());

        var result = tokens.introspect(token, Optional.of(keys), NOW.plusSeconds(60));
        assertTrue(result.active());
        assertEquals("access", result.tokenUse());
        assertEquals("alice", result.subject());
        assertEquals("cucm-pub.example", result.issuer());
        assertEquals("sig1", result.keyId());
        assertEquals(NOW.plus(HOUR), result.expiresAt());
    }

    /** The key signs the JWS itself; the result is what jose4j makes holding the key (RS256 is deterministic). */
    @Test
    void anAccessTokenIsTheJwsJose4jWouldMakeWithTheKey() throws Exception {
        KeyPair pair = rsa();
        String token = tokens.issueAccess(keys("sig1", pair, "enc1").signing(), "pub", "alice", NOW, HOUR);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKeyIdHeaderValue("sig1");
        jws.setPayload(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        jws.setKey(pair.getPrivate());
        assertEquals(jws.getCompactSerialization(), token);
    }

    @Test
    void aNewSigningKeyEndsTheOldAccessTokensButNotTheRefreshTokens() throws Exception {
        AuthzKeySet old = keys("sig1", rsa(), "enc1");
        String access = tokens.issueAccess(old.signing(), "pub", "alice", NOW, HOUR);
        String refresh = tokens.issueRefresh(old.encryption(), "pub", "alice", NOW, HOUR);
        KeyPair next = rsa();
        AuthzKeySet regenerated = new AuthzKeySet(
                new AuthzKeySet.Signing("sig2", 2, NOW, next.getPublic(), Optional.empty()), old.encryption());
        assertFalse(tokens.introspect(access, Optional.of(regenerated), NOW).active());
        assertTrue(tokens.introspect(refresh, Optional.of(regenerated), NOW).active());
        // A new key that kept the old id still refuses the old signature.
        AuthzKeySet sameId = new AuthzKeySet(
                new AuthzKeySet.Signing("sig1", 2, NOW, next.getPublic(), Optional.empty()), old.encryption());
        assertFalse(tokens.introspect(access, Optional.of(sameId), NOW).active());
    }

    @Test
    void aRefreshTokenIsACompactJweThatOnlyTheCurrentEncryptionKeyOpens() throws Exception {
        KeyPair pair = rsa();
        AuthzKeySet keys = keys("sig1", pair, "enc1");
        String refresh = tokens.issueRefresh(keys.encryption(), "pub", "bob", NOW, HOUR);
        String[] parts = refresh.split("\\.", -1);
        assertEquals(5, parts.length);
        assertEquals("", parts[1], "alg dir has no encrypted key");
        assertEquals("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"enc1\"}",
                new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        assertFalse(new String(Base64.getUrlDecoder().decode(parts[3]), StandardCharsets.ISO_8859_1).contains("bob"),
                "the claims are encrypted");
        var result = tokens.introspect(refresh, Optional.of(keys), NOW);
        assertTrue(result.active());
        assertEquals("refresh", result.tokenUse());
        assertEquals("bob", result.subject());

        AuthzKeySet regenerated = keys("sig1", pair, "enc2");
        assertFalse(tokens.introspect(refresh, Optional.of(regenerated), NOW).active());
        AuthzKeySet sameIdOtherKey = keys("sig1", pair, "enc1");
        assertFalse(tokens.introspect(refresh, Optional.of(sameIdOtherKey), NOW).active());
    }

    @Test
    void expiredTamperedForgedAndGarbageTokensAreInactive() throws Exception {
        AuthzKeySet keys = keys("sig1", rsa(), "enc1");
        String access = tokens.issueAccess(keys.signing(), "pub", "alice", NOW, HOUR);
        assertFalse(tokens.introspect(access, Optional.of(keys), NOW.plus(HOUR)).active(), "expired");
        String[] parts = access.split("\\.");
        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"mallory\",\"exp\":9999999999,\"token_use\":\"access\"}".getBytes(StandardCharsets.UTF_8));
        assertFalse(tokens.introspect(parts[0] + "." + otherClaims + "." + parts[2], Optional.of(keys), NOW).active(), "tampered");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"kid\":\"sig1\"}".getBytes(StandardCharsets.UTF_8));
        assertFalse(tokens.introspect(none + "." + otherClaims + ".", Optional.of(keys), NOW).active(), "alg none");
        String refresh = tokens.issueRefresh(keys.encryption(), "pub", "alice", NOW, HOUR);
        String[] r = refresh.split("\\.", -1);
        char flipped = r[3].charAt(0) == 'A' ? 'B' : 'A';
        assertFalse(tokens.introspect(r[0] + ".." + r[2] + "." + flipped + r[3].substring(1) + "." + r[4], Optional.of(keys), NOW)
                .active(), "altered ciphertext");
        assertFalse(tokens.introspect("not-a-token", Optional.of(keys), NOW).active());
        assertFalse(tokens.introspect("a.b.c", Optional.of(keys), NOW).active());
        assertFalse(tokens.introspect(access, Optional.empty(), NOW).active(), "a node without keys accepts nothing");
    }

    static final String CLAIMS = "{\"iss\":\"pub\",\"sub\":\"mallory\",\"iat\":" + NOW.getEpochSecond()
            + ",\"exp\":" + NOW.plus(HOUR).getEpochSecond() + ",\"token_use\":\"%s\"}";

    static String signed(String alg, java.security.Key key, String kid, String payload) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(alg);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setPayload(payload);
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    static String encrypted(String alg, String enc, SecretKey key, String kid, String cty, String payload) throws Exception {
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(alg);
        jwe.setEncryptionMethodHeaderParameter(enc);
        jwe.setKeyIdHeaderValue(kid);
        if (cty != null) {
            jwe.setContentTypeHeaderValue(cty);
        }
        jwe.setPayload(payload);
        jwe.setKey(key);
        return jwe.getCompactSerialization();
    }

    /** Tokens a JOSE library will happily make: only ours, under the current kid, with the right use, pass. */
    @Test
    void algorithmConfusionWrongKidWrongUseNestingAndOtherAlgorithmsAreInactive() throws Exception {
        KeyPair pair = rsa();
        AuthzKeySet keys = keys("sig1", pair, "enc1");
        PrivateKey signer = pair.getPrivate();
        SecretKey aes = keys.encryption().key();
        String access = String.format(CLAIMS, "access");
        String refresh = String.format(CLAIMS, "refresh");
        assertTrue(active(signed(AlgorithmIdentifiers.RSA_USING_SHA256, signer, "sig1", access), keys),
                "control: made this way with the current key, kid and use, a token is active");
        assertTrue(active(encrypted(KeyManagementAlgorithmIdentifiers.DIRECT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM,
                aes, "enc1", null, refresh), keys), "control: the refresh form");

        // HS256 keyed with the (public) RSA key bytes: the classic confusion attack.
        assertFalse(active(signed(AlgorithmIdentifiers.HMAC_SHA256, new HmacKey(pair.getPublic().getEncoded()), "sig1",
                access), keys), "HS256 with the public key");
        assertFalse(active(signed(AlgorithmIdentifiers.RSA_PSS_USING_SHA256, signer, "sig1", access), keys), "PS256");
        assertFalse(active(signed(AlgorithmIdentifiers.RSA_USING_SHA256, signer, "sig0", access), keys), "kid of another key");
        assertFalse(active(signed(AlgorithmIdentifiers.RSA_USING_SHA256, signer, null, access), keys), "no kid");
        assertFalse(active(signed(AlgorithmIdentifiers.RSA_USING_SHA256, signer, "sig1", refresh), keys),
                "a signed token claiming the refresh use");
        assertFalse(active(signed(AlgorithmIdentifiers.RSA_USING_SHA256, signer, "sig1",
                "{\"sub\":\"mallory\",\"iat\":" + NOW.getEpochSecond() + ",\"token_use\":\"access\"}"), keys), "no exp");

        assertFalse(active(encrypted(KeyManagementAlgorithmIdentifiers.DIRECT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM,
                aes, "enc1", null, access), keys), "an encrypted token claiming the access use");
        assertFalse(active(encrypted(KeyManagementAlgorithmIdentifiers.DIRECT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM,
                aes, "enc0", null, refresh), keys), "kid of another key");
        assertFalse(active(encrypted(KeyManagementAlgorithmIdentifiers.A256KW, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM,
                aes, "enc1", null, refresh), keys), "A256KW");
        assertFalse(active(encrypted(KeyManagementAlgorithmIdentifiers.A256KW, ContentEncryptionAlgorithmIdentifiers.AES_128_CBC_HMAC_SHA_256,
                aes, "enc1", null, refresh), keys), "A128CBC-HS256");
        String ours = tokens.issueAccess(keys.signing(), "pub", "alice", NOW, HOUR);
        assertFalse(active(encrypted(KeyManagementAlgorithmIdentifiers.DIRECT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM,
                aes, "enc1", "JWT", ours), keys), "our access token nested in a JWE");
    }

    @Test
    void aTamperedHeaderAnEdgeOfExpiryAndAnyGarbageAreHandled() throws Exception {
        AuthzKeySet keys = keys("sig1", rsa(), "enc1");
        String access = tokens.issueAccess(keys.signing(), "pub", "alice", NOW, HOUR);
        String refresh = tokens.issueRefresh(keys.encryption(), "pub", "alice", NOW, HOUR);
        assertTrue(active(access, keys, NOW.plus(HOUR).minusMillis(1)), "active until the last millisecond");
        assertFalse(active(refresh, keys, NOW.plus(HOUR)), "an expired refresh token");
        assertTrue(active(" " + access + "\n", keys, NOW), "surrounding white space is ignored, as before");

        String[] a = access.split("\\.");
        String[] r = refresh.split("\\.", -1);
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"sig1\",\"x\":1}".getBytes(StandardCharsets.UTF_8));
        assertFalse(active(b64 + "." + a[1] + "." + a[2], keys, NOW), "the signed header changed");
        String jweHeader = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"enc1\",\"x\":1}".getBytes(StandardCharsets.UTF_8));
        assertFalse(active(jweHeader + ".." + r[2] + "." + r[3] + "." + r[4], keys, NOW), "the authenticated header changed");
        assertFalse(active(r[0] + ".." + r[2] + "." + r[3] + ".", keys, NOW), "no tag");
        assertFalse(active(r[0] + ".AAAA." + r[2] + "." + r[3] + "." + r[4], keys, NOW), "an encrypted key with dir");

        for (String garbage : new String[] {"", ".", "..", "....", "a.b.c.d.e", "e30.e30.e30", "W10.e30.e30", "bnVsbA.e30.",
                "!!!.???.***", "\u00e9.\u00e9.\u00e9", a[0] + ".%%%." + a[2], a[0] + "." + a[1], access + "." + a[2],
                "x".repeat(10_000)}) {
            assertFalse(active(garbage, keys, NOW), garbage);
        }
    }

    boolean active(String token, AuthzKeySet keys) {
        return active(token, keys, NOW);
    }

    boolean active(String token, AuthzKeySet keys, Instant now) {
        return tokens.introspect(token, Optional.of(keys), now).active();
    }
}
