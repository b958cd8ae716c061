package io.ucfleet.node.api;

import static io.ucfleet.node.api.TrustStoreUploadTest.assertProblem;
import static io.ucfleet.node.api.TrustStoreUploadTest.upload;
import static io.ucfleet.node.testing.Api.asAdmin;
import static io.ucfleet.node.testing.Api.asReadOnly;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.node.testing.OpensslCa;

/** "Delete a Trust Certificate": identities never, chains shown first, explicit confirmation. */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class TrustDeletionTest {

    @Test
    void anIdentityCertificateCanNeverBeDeleted() {
        String sha256 = asAdmin().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        assertProblem(asAdmin().delete("/api/v1/certificates/tomcat/" + sha256 + "?confirm=true").then(), 409,
                "identity-not-deletable");
        asAdmin().get("/api/v1/identities/tomcat").then().body("fingerprints.sha256", equalTo(sha256));
    }

    @Test
    void showsTheChainsADeleteWouldBreakAndNeedsConfirmation() {
        OpensslCa root = OpensslCa.root("Delete Root");
        OpensslCa intermediate = root.intermediate("Delete Intermediate");
        upload("tomcat-trust", root.pem() + intermediate.pem()).statusCode(201);
        String path = "/api/v1/certificates/tomcat-trust/" + root.sha256();

        asReadOnly().get(path + "/issued").then().statusCode(200).body("sha256", equalTo(java.util.List.of(intermediate.sha256())));
        assertProblem(asAdmin().delete(path).then(), 400, "confirmation-required");
        asAdmin().delete(path).then().body("dependents[0]", containsString(intermediate.sha256()))
                .body("detail", containsString("cannot be undone"));
        asAdmin().get(path).then().statusCode(200);

        asAdmin().delete(path + "?confirm=true").then().statusCode(200)
                .body("deleted.sha256", equalTo(root.sha256()))
                .body("brokenChains.sha256", hasItem(intermediate.sha256()));
        assertProblem(asAdmin().get(path).then(), 404, "certificate-not-found");
        assertProblem(asAdmin().delete(path + "?confirm=true").then(), 404, "certificate-not-found");
    }

    @Test
    void aCertificateWithNoDependentsListsNone() {
        OpensslCa root = OpensslCa.root("Lonely Root");
        upload("TVS-trust", root.pem()).statusCode(201);
        asAdmin().get("/api/v1/certificates/TVS-trust/" + root.sha256() + "/issued").then().statusCode(200).body("$", hasSize(0));
        asAdmin().delete("/api/v1/certificates/TVS-trust/" + root.sha256() + "?confirm=true").then().statusCode(200);
    }

    @Test
    void deletingNeedsTheAdminRoleAndAKnownStore() {
        OpensslCa root = OpensslCa.root("Guarded Root");
        upload("tomcat-trust", root.pem()).statusCode(201);
        assertProblem(asReadOnly().delete("/api/v1/certificates/tomcat-trust/" + root.sha256() + "?confirm=true").then(),
                403, "forbidden");
        assertProblem(asAdmin().delete("/api/v1/certificates/nope-trust/" + root.sha256() + "?confirm=true").then(),
                404, "unknown-trust-store");
        asAdmin().get("/api/v1/certificates/tomcat-trust/" + root.sha256()).then().statusCode(200);
    }
}
