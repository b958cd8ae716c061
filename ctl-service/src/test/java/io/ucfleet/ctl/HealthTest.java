package io.ucfleet.ctl;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * ctl-service on its own (no node reachable): health, the decoder endpoint on the real Cisco
 * CTL and its broken copy, refusals that change nothing, and the TFTP/HTTP listeners.
 */
@QuarkusTest
@QuarkusTestResource(CtlTestEnvironment.class)
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class HealthTest {

    static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "admin-password");
    }

    static RequestSpecification auditor() {
        return given().auth().preemptive().basic("auditor", "auditor-password");
    }

    static byte[] vector(String name) throws Exception {
        try (InputStream in = HealthTest.class.getResourceAsStream("/vectors/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void reportsReadyAndLive() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void decodesTheRealCiscoCtlAndRejectsItsBrokenCopyNamingTheRecord() throws Exception {
        auditor().contentType("application/octet-stream").body(vector("cisco-tokenless-CTLFile.tlv"))
                .post("/api/v1/ctl/decode").then().statusCode(200)
                .body(containsString("CTL Record #:6"))
                .body(containsString("This etoken was used to sign the CTL file."))
                .body(containsString("The CTL file was verified successfully."));
        auditor().contentType("application/octet-stream").body(vector("cisco-tokenless-CTLFile-broken-cert.tlv"))
                .post("/api/v1/ctl/decode").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:invalid-trust-list"))
                .body("detail", containsString("record #5"));
        given().contentType("application/octet-stream").body(vector("cisco-tokenless-CTLFile.tlv"))
                .post("/api/v1/ctl/decode").then().statusCode(401);
    }

    @Test
    void refusalsChangeNothing() {
        auditor().get("/api/v1/ctl").then().statusCode(200).body("clusterSecurityMode", equalTo("non-secure"));
        auditor().post("/api/v1/ctl/mixed-mode").then().statusCode(403).body("type",
                equalTo("urn:ucfleet:problem:forbidden"));
        // No node answers: a clear 502 naming the member, and the mode stays.
        admin().post("/api/v1/ctl/mixed-mode").then().statusCode(502).contentType("application/problem+json")
                .body("detail", containsString("cannot reach cluster member http://127.0.0.1:"));
        admin().post("/api/v1/ctl/update").then().statusCode(409).body("type", equalTo("urn:ucfleet:problem:no-ctl"));
        admin().post("/api/v1/ctl/non-secure-mode").then().statusCode(409);
        auditor().get("/api/v1/ctl").then().statusCode(200).body("clusterSecurityMode", equalTo("non-secure"))
                .body("ctl", equalTo(null));
        auditor().get("/api/v1/ctl/versions?kind=XTL").then().statusCode(400);
        auditor().get("/api/v1/ctl/files/CTLFile.tlv").then().statusCode(404)
                .body("type", equalTo("urn:ucfleet:problem:file-not-found"));
    }

    @Test
    void tftpAndHttpAnswerFileNotFoundBeforeAnyCtl() throws Exception {
        given().baseUri("http://127.0.0.1").port(CtlTestEnvironment.tftpHttpPort).get("/CTLFile.tlv").then()
                .statusCode(404);
        Process curl = new ProcessBuilder(List.of("curl", "-sS", "--max-time", "20",
                "tftp://127.0.0.1:" + CtlTestEnvironment.tftpPort + "/CTLFile.tlv", "-o", "/dev/null"))
                .redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = curl.waitFor();
        assertEquals(68, exit, out); // curl's exit code for a TFTP "File not found" error packet
    }
}
