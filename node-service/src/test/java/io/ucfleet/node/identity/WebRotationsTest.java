package io.ucfleet.node.identity;

import static io.ucfleet.node.testing.Api.anonymous;
import static io.ucfleet.node.testing.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.node.testing.Openssl;

/**
 * The web certificate's rotations (README, "HTTPS only"): each replacement of tomcat is served,
 * to anyone, signed with the replaced certificate's key, and openssl verifies the signature with
 * the public key of the certificate the node presented before; other identities add nothing.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class WebRotationsTest {

    private static List<Map<String, Object>> chain() {
        return anonymous().get("/.well-known/ucfleet/web-certificate-rotations").then().statusCode(200)
                .contentType("application/json").extract().jsonPath().getList("$");
    }

    @Test
    void aRegeneratedTomcatIsSignedForByTheReplacedKeyAndOpensslVerifiesIt() throws Exception {
        var before = asAdmin().get("/api/v1/identities/tomcat").then().statusCode(200).extract().jsonPath();
        String oldSha = before.getString("fingerprints.sha256");
        int links = chain().size();

        String newSha = asAdmin().contentType("application/json").body("{}").post("/api/v1/identities/tomcat/regenerate")
                .then().statusCode(200).extract().path("certificate.fingerprints.sha256");
        List<Map<String, Object>> chain = chain();
        assertEquals(links + 1, chain.size(), chain.toString());
        Map<String, Object> link = chain.get(chain.size() - 1);
        assertEquals(Set.of("unit", "previousSha256", "sha256", "der", "signatureAlgorithm", "signature", "createdAt"),
                link.keySet(), "public material only");
        assertEquals("tomcat", link.get("unit"));
        assertEquals(oldSha, link.get("previousSha256"));
        assertEquals(newSha, link.get("sha256"));

        Path dir = Openssl.tempDir();
        Files.writeString(dir.resolve("previous.pem"), before.getString("pem"));
        Files.write(dir.resolve("new.der"), Base64.getDecoder().decode((String) link.get("der")));
        Files.write(dir.resolve("signature"), Base64.getDecoder().decode((String) link.get("signature")));
        Files.writeString(dir.resolve("signed"), "ucfleet web certificate rotation\ntomcat\n" + oldSha + "\n" + newSha + "\n",
                StandardCharsets.UTF_8);
        String fingerprint = Openssl.inDirectory(dir, "x509", "-inform", "DER", "-in", "new.der", "-noout", "-fingerprint",
                "-sha256").out();
        assertEquals(newSha, fingerprint.substring(fingerprint.indexOf('=') + 1).strip().replace(":", "").toLowerCase());
        Files.writeString(dir.resolve("previous.pub"), Openssl.inDirectory(dir, "x509", "-in", "previous.pem", "-pubkey",
                "-noout").out());
        var verified = Openssl.inDirectory(dir, "dgst", "-sha256", "-verify", "previous.pub", "-signature", "signature", "signed");
        assertTrue(verified.exitCode() == 0 && verified.stdout().contains("Verified OK"), verified.stdout() + verified.stderr());
        // the same signature does not vouch for another successor
        Files.writeString(dir.resolve("forged"), "ucfleet web certificate rotation\ntomcat\n" + oldSha + "\n" + "0".repeat(64)
                + "\n", StandardCharsets.UTF_8);
        var forged = Openssl.inDirectory(dir, "dgst", "-sha256", "-verify", "previous.pub", "-signature", "signature", "forged");
        assertTrue(forged.exitCode() != 0 && !forged.stdout().contains("Verified OK"), forged.stdout());
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
    }

    @Test
    void identitiesTheHttpsPortDoesNotPresentAddNoRotation() {
        int links = chain().size();
        asAdmin().contentType("application/json").body("{}").post("/api/v1/identities/CallManager/regenerate").then()
                .statusCode(200);
        assertEquals(links, chain().size());
    }
}
