package io.ucfleet.node.api;

import static io.ucfleet.node.api.IdentityCertificatesTest.assertContains;
import static io.ucfleet.node.api.TrustStoreUploadTest.assertProblem;
import static io.ucfleet.node.testing.Api.asAdmin;
import static io.ucfleet.node.testing.Api.asReadOnly;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.ucfleet.node.testing.Openssl;

/** "Regenerate" and "Generate Self-Signed Certificate" with a new key length (seed 002, Table 4). */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class RegenerationTest {

    static JsonPath regenerate(String unit, String body) {
        return asAdmin().contentType("application/json").body(body).post("/api/v1/identities/" + unit + "/regenerate")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void regeneratingTomcatKeepsTheKeyLengthAndFlagsTable4Services() {
        asAdmin().post("/api/v1/services/cisco-ctimanager/restart").then().statusCode(200);
        var before = asAdmin().get("/api/v1/identities/tomcat").then().extract().jsonPath();
        var answer = regenerate("tomcat", "{}");
        assertNotEquals(before.getString("serialNumber"), answer.getString("certificate.serialNumber"));
        org.junit.jupiter.api.Assertions.assertEquals(before.getInt("publicKey.size"), answer.getInt("certificate.publicKey.size"));
        org.junit.jupiter.api.Assertions.assertEquals(List.of("Cisco Tomcat", "Cisco CallManager", "Cisco TFTP"),
                answer.getList("servicesToRestart"));
        org.junit.jupiter.api.Assertions.assertFalse(answer.getBoolean("ctlUpdateRequiredInMixedMode"));
        asAdmin().get("/api/v1/services").then()
                .body("find { it.name == 'Cisco Tomcat' }.restartRequired", equalTo(true))
                .body("find { it.name == 'Cisco Tomcat' }.restartReasons", hasItem("tomcat regenerated"))
                .body("find { it.name == 'Cisco CTIManager' }.restartRequired", equalTo(false));

        // The trust-store copy follows: the new certificate is in tomcat-trust, the old one is gone.
        String newSha = answer.getString("certificate.fingerprints.sha256");
        asAdmin().get("/api/v1/certificates/tomcat-trust/" + newSha).then().statusCode(200);
        asAdmin().get("/api/v1/certificates/tomcat-trust/" + before.getString("fingerprints.sha256")).then().statusCode(404);
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200).body("restartRequired", equalTo(false));
    }

    /** Other classes judge the identity set at its default sizes; put back what this class changed. */
    @AfterEach
    void restoreDefaultKeySizes() {
        regenerate("ipsec", "{\"keySize\": 2048}");
        regenerate("TVS", "{\"keySize\": 2048}");
        regenerate("tomcat-ECDSA", "{\"keySize\": 256}");
    }

    @Test
    void regeneratingWithANewKeyLengthMakesThatKey() {
        var answer = regenerate("ipsec", "{\"keySize\": 3072}");
        assertContains(Openssl.x509Text(answer.getString("certificate.pem")), "Public-Key: (3072 bit)");
        assertContains(Openssl.x509Text(regenerate("TVS", "{\"keySize\": 4096}").getString("certificate.pem")),
                "Public-Key: (4096 bit)");
        var ec = regenerate("tomcat-ECDSA", "{\"keySize\": 384}");
        String text = Openssl.x509Text(ec.getString("certificate.pem"));
        assertContains(text, "ASN1 OID: secp384r1");
        assertContains(text, "Signature Algorithm: ecdsa-with-SHA256");
        // "Same key length" afterwards means 384.
        assertContains(Openssl.x509Text(regenerate("tomcat-ECDSA", "{}").getString("certificate.pem")), "ASN1 OID: secp384r1");
        regenerate("tomcat-ECDSA", "{\"keySize\": 256}");
    }

    @Test
    void regeneratingCallManagerSaysTheCtlMustBeUpdatedInMixedMode() {
        var answer = regenerate("CallManager", "{}");
        org.junit.jupiter.api.Assertions.assertTrue(answer.getBoolean("ctlUpdateRequiredInMixedMode"));
        org.junit.jupiter.api.Assertions.assertEquals(List.of("Cisco CallManager", "Cisco CTIManager"),
                answer.getList("servicesToRestart"));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), regenerate("CAPF", "{}").getList("servicesToRestart"));
    }

    @Test
    void refusesKeySizesTheUnitCannotTakeAndChangesNothing() {
        String before = asAdmin().get("/api/v1/identities/TVS").then().extract().path("fingerprints.sha256");
        for (String size : List.of("1024", "8192", "256")) {
            assertProblem(asAdmin().contentType("application/json").body("{\"keySize\": " + size + "}")
                    .post("/api/v1/identities/TVS/regenerate").then(), 400, "invalid-key-size");
        }
        assertProblem(asAdmin().contentType("application/json").body("{\"keySize\": 3072}")
                .post("/api/v1/identities/CallManager-ECDSA/regenerate").then(), 400, "invalid-key-size");
        asAdmin().get("/api/v1/identities/TVS").then().body("fingerprints.sha256", equalTo(before));
    }

    @Test
    void refusesUnknownUnitsMalformedBodiesAndReadOnlyAccounts() {
        assertProblem(asAdmin().contentType("application/json").body("{}")
                .post("/api/v1/identities/cup/regenerate").then(), 404, "unknown-identity");
        assertProblem(asAdmin().contentType("application/json").body("{\"keySize\": ")
                .post("/api/v1/identities/tomcat/regenerate").then(), 400, "invalid-request");
        assertProblem(asAdmin().contentType("application/json").body("{\"keySize\": \"big\"}")
                .post("/api/v1/identities/tomcat/regenerate").then(), 400, "invalid-request");
        asAdmin().contentType("application/json").body("{\"keySize\": \"big\"}")
                .post("/api/v1/identities/tomcat/regenerate").then()
                .body("errors[0].field", equalTo("keySize")).body("detail", not(containsString("io.ucfleet")));
        // A misspelt field or a fraction is refused, not silently replaced by the default.
        asAdmin().contentType("application/json").body("{\"keysize\": 4096}")
                .post("/api/v1/identities/tomcat/regenerate").then().statusCode(400)
                .body("errors[0].field", equalTo("keysize"));
        asAdmin().contentType("application/json").body("{\"keySize\": 3072.9}")
                .post("/api/v1/identities/tomcat/regenerate").then().statusCode(400)
                .body("errors[0].field", equalTo("keySize"));
        assertProblem(asReadOnly().contentType("application/json").body("{}")
                .post("/api/v1/identities/tomcat/regenerate").then(), 403, "forbidden");
        assertProblem(asAdmin().post("/api/v1/services/cisco-presence-engine/restart").then(), 404, "unknown-service");
    }

    @Test
    void trustCertificatesAreNotIdentitiesAndCannotBeRegenerated() {
        assertProblem(asAdmin().contentType("application/json").body("{}")
                .post("/api/v1/identities/tomcat-trust/regenerate").then(), 404, "unknown-identity");
        asAdmin().get("/api/v1/identities").then().body("unit", not(hasItem("tomcat-trust")));
    }
}
