package io.ucfleet.node.api;

import static io.ucfleet.node.api.TrustStoreUploadTest.assertProblem;
import static io.ucfleet.node.testing.Api.anonymous;
import static io.ucfleet.node.testing.Api.asAdmin;
import static io.ucfleet.node.testing.Api.asReadOnly;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The Certificate Import Tool is IM and Presence's: the test node, a Unified CM publisher,
 * refuses it with a problem, after the usual account and JSON checks. The tool itself runs in
 * {@code CertificateImportToolIT} on an IM and Presence node.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class CertificateImportToolRefusalTest {
    private static final String BODY = "{\"peerServer\":\"exchange.example.com\",\"port\":443}";

    @Test
    void aUnifiedCmNodeRefusesTheToolAsImAndPresenceOnly() {
        assertProblem(asAdmin().contentType("application/json").body(BODY).post("/api/v1/certificate-import-tool").then(),
                409, "im-and-presence-only");
        var form = asReadOnly().get("/api/v1/certificate-import-tool").then();
        assertProblem(form, 409, "im-and-presence-only");
        form.body("detail", containsString("Unified CM publisher"));
        assertProblem(asAdmin().contentType("application/json")
                .body("{\"peerServer\":\"exchange.example.com\",\"port\":443,\"certificates\":[\"" + "ab".repeat(32) + "\"]}")
                .post("/api/v1/certificate-import-tool/install").then(), 409, "im-and-presence-only");
    }

    @Test
    void runningOrInstallingNeedsAnAdministrator() {
        assertProblem(anonymous().contentType("application/json").body(BODY).post("/api/v1/certificate-import-tool").then(),
                401, "unauthorized");
        assertProblem(asReadOnly().contentType("application/json").body(BODY).post("/api/v1/certificate-import-tool").then(),
                403, "forbidden");
        assertProblem(asReadOnly().contentType("application/json").body(BODY)
                .post("/api/v1/certificate-import-tool/install").then(), 403, "forbidden");
    }

    @Test
    void aBadBodyIsA400BeforeAnythingElse() {
        assertProblem(asAdmin().contentType("application/json").body("{\"peerserver\":\"x\",\"port\":443}")
                .post("/api/v1/certificate-import-tool").then(), 400, "invalid-request");
        assertProblem(asAdmin().contentType("application/json").body("{\"peerServer\":\"x\",\"port\":\"443\"}")
                .post("/api/v1/certificate-import-tool").then(), 400, "invalid-request");
        assertProblem(asAdmin().contentType("application/json").body("")
                .post("/api/v1/certificate-import-tool").then(), 400, "invalid-request");
    }
}
