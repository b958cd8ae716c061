package io.ucfleet.node.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.KeyGenerator;

import org.junit.jupiter.api.Test;

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
        return new AuthzKeySet(new AuthzKeySet.Signing(signingId, 1, NOW, pair.getPublic(), Optional.of(pair.getPrivate())),
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
}
