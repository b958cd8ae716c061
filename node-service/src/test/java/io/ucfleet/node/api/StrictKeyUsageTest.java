package io.ucfleet.node.api;

import static io.ucfleet.node.testing.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.ucfleet.node.testing.SeedCa;

/**
 * {@code ucfleet.node.strict-key-usage=true}: for users who want their CA profile caught, a
 * CA-signed identity that lacks a usage of its unit's row is refused (400 key-usage-lost) and
 * nothing changes. (Its own node boot: keep this class small.)
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
@TestProfile(StrictKeyUsageTest.Strict.class)
class StrictKeyUsageTest {

    public static class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ucfleet.node.strict-key-usage", "true");
        }
    }

    @Test
    void aPublicCaCertificateIsRefusedNamingWhatItLacksAndNothingChanges() {
        SeedCa root = SeedCa.root("ucfleet strict root");
        String csr = CaSignedIdentityTest.newCsr("tomcat", "{}");
        String leaf = SeedCa.read(root.sign(csr, "public_ca"));
        var before = CaSignedIdentityTest.Snapshot.take("tomcat");
        asAdmin().contentType("application/x-pem-file").body((leaf + root.pem()).getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/tomcat/certificate").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:key-usage-lost"))
                .body("missing", equalTo(List.of("dataEncipherment")))
                .body("detail", containsString("strict-key-usage"));
        before.assertUnchanged();
        asAdmin().get("/api/v1/identities/tomcat/csr").then().statusCode(200).body("pem", equalTo(csr));

        // A CA that copies the CSR's extensions passes the strict check.
        asAdmin().contentType("application/x-pem-file").body((root.signPem(csr) + root.pem())
                .getBytes(StandardCharsets.US_ASCII)).post("/api/v1/identities/tomcat/certificate").then().statusCode(200)
                .body("warnings.size()", equalTo(0));
    }
}
