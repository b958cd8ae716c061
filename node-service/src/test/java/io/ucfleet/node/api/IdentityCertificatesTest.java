package io.ucfleet.node.api;

import static io.ucfleet.node.testing.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.NodeRole;
import io.ucfleet.node.testing.IdentityJudge;
import io.ucfleet.node.testing.NodeTestEnvironment;
import io.ucfleet.node.testing.Openssl;

/**
 * The publisher's identity set, judged by {@code openssl x509 -text} on the downloaded
 * certificates: key type and size, SHA-256 signature, key usage and extended key usage
 * exactly as the Cisco tables say, SAN dNSName = FQDN, 5-year validity.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
@QuarkusTestResource(NodeTestEnvironment.class)
class IdentityCertificatesTest {
    static final String FQDN = "cucm-pub.ucfleet.test";

    @Test
    void aPublisherHasEveryIdentityOfItsRole() {
        asAdmin().get("/api/v1/certificates?usage=identity&size=100").then().statusCode(200)
                .body("total", equalTo(NodeRole.PUBLISHER.identities.size()));
        for (IdentityProfile p : NodeRole.PUBLISHER.identities) {
            asAdmin().get("/api/v1/certificates?usage=identity&size=100").then().body("items.unit", hasItem(p.unit));
        }
    }

    @ParameterizedTest(name = "{0}: openssl x509 -text shows the documented key usage")
    @EnumSource(value = IdentityProfile.class, names = {"TOMCAT", "TOMCAT_ECDSA", "CALLMANAGER", "CALLMANAGER_ECDSA",
            "CAPF", "TVS", "IPSEC", "ITLRECOVERY"})
    void identityCertificateCarriesItsRowOfTheTable(IdentityProfile profile) {
        String sha256 = asAdmin().get("/api/v1/identities/" + profile.unit).then().statusCode(200)
                .body("type", equalTo("self-signed")).extract().path("fingerprints.sha256");
        String pem = asAdmin().get("/api/v1/certificates/" + profile.unit + "/" + sha256 + "/pem").then().statusCode(200)
                .contentType("application/x-pem-file").extract().asString();
        IdentityJudge.assertFirstStartIdentity(pem, profile, FQDN);
    }

    @Test
    void subjectsFollowCiscoNaming() {
        assertEquals("CN=" + FQDN + ",OU=UC,O=ucfleet,L=San Jose,ST=CA,C=US", subjectOf("tomcat"));
        assertTrue(subjectOf("tomcat-ECDSA").startsWith("CN=cucm-pub-EC.ucfleet.test,"));
        assertTrue(subjectOf("CAPF").matches("CN=CAPF-[0-9a-f]{8},.*"), subjectOf("CAPF"));
        assertTrue(subjectOf("ITLRecovery").startsWith("CN=ITLRECOVERY_" + FQDN + ","));
    }

    @ParameterizedTest(name = "{0} is also listed in its trust store")
    @EnumSource(value = IdentityProfile.class, names = {"TOMCAT", "TOMCAT_ECDSA", "CALLMANAGER", "CALLMANAGER_ECDSA",
            "CAPF", "TVS", "IPSEC", "ITLRECOVERY"})
    void identityIsAlsoInItsTrustStore(IdentityProfile profile) {
        String sha256 = asAdmin().get("/api/v1/identities/" + profile.unit).then().extract().path("fingerprints.sha256");
        String store = profile.trustStore().orElseThrow();
        asAdmin().get("/api/v1/certificates/" + store + "/" + sha256).then().statusCode(200)
                .body("usage", equalTo("trust")).body("unit", equalTo(store));
    }

    @Test
    void derDownloadIsTheSameCertificateAsPem() {
        String sha256 = asAdmin().get("/api/v1/identities/CallManager").then().extract().path("fingerprints.sha256");
        byte[] der = asAdmin().get("/api/v1/certificates/CallManager/" + sha256 + "/der").then().statusCode(200)
                .contentType("application/pkix-cert").extract().asByteArray();
        var dir = Openssl.tempDir();
        try {
            java.nio.file.Files.write(dir.resolve("c.der"), der);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        String fingerprint = Openssl.run("x509", "-inform", "DER", "-in", dir.resolve("c.der").toString(), "-noout",
                "-fingerprint", "-sha256");
        assertEquals(sha256, fingerprint.substring(fingerprint.indexOf('=') + 1).trim().replace(":", "").toLowerCase(Locale.ROOT));
    }

    @Test
    void detailsAgreeWithOpenssl() {
        var details = asAdmin().get("/api/v1/identities/tomcat").then().statusCode(200).extract().jsonPath();
        String text = Openssl.x509Text(details.getString("pem"));
        String serial = Openssl.withInput(details.getString("pem"), "x509", "-noout", "-serial").out().trim();
        assertEquals("serial=" + details.getString("serialNumber"), serial.replaceFirst("=0+", "="));
        String sha1 = Openssl.withInput(details.getString("pem"), "x509", "-noout", "-fingerprint", "-sha1").out();
        assertEquals(details.getString("fingerprints.sha1"), sha1.substring(sha1.indexOf('=') + 1).trim().replace(":", "").toLowerCase(Locale.ROOT));
        assertEquals(List.of("digitalSignature", "keyEncipherment", "dataEncipherment"), details.getList("keyUsage"));
        assertEquals(List.of("serverAuth", "clientAuth"), details.getList("extendedKeyUsage"));
        assertEquals(List.of("DNS:" + FQDN), details.getList("subjectAlternativeNames"));
        assertEquals("RSA", details.getString("publicKey.type"));
        assertEquals(2048, details.getInt("publicKey.size"));
        assertEquals("SHA256WITHRSA", details.getString("signatureAlgorithm"));
        assertContains(text, "Subject: CN = " + FQDN);
        assertTrue(!details.getBoolean("expired"));
    }

    private static String subjectOf(String unit) {
        return asAdmin().get("/api/v1/identities/" + unit).then().extract().path("subject");
    }

    static void assertContains(String text, String expected) {
        IdentityJudge.assertContains(text, expected);
    }
}
