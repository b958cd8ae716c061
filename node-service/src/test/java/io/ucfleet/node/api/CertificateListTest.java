package io.ucfleet.node.api;

import static io.ucfleet.node.api.TrustStoreUploadTest.assertProblem;
import static io.ucfleet.node.api.TrustStoreUploadTest.upload;
import static io.ucfleet.node.testing.Api.asReadOnly;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.node.testing.TestCertificates;

/** "Show Certificates": the filters of the Certificate List page, and paging. */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class CertificateListTest {

    @Test
    void filtersByUsageKeyTypeAndUnit() {
        asReadOnly().get("/api/v1/certificates?usage=identity&keyType=EC").then().statusCode(200)
                .body("items.unit", equalTo(java.util.List.of("CallManager-ECDSA", "tomcat-ECDSA")))
                .body("items.keyType", everyItem(equalTo("EC")));
        asReadOnly().get("/api/v1/certificates?usage=trust&unit=CAPF-trust").then()
                .body("items", not(hasSize(0)))
                .body("items.unit", everyItem(equalTo("CAPF-trust")))
                .body("items.usage", everyItem(equalTo("trust")));
        asReadOnly().get("/api/v1/certificates?usage=IDENTITY&unit=ITLRecovery").then()
                .body("items", hasSize(1)).body("items[0].commonName", containsString("ITLRECOVERY_"));
    }

    @Test
    void filtersByCommonNameSubstringCaseInsensitively() {
        var ca = TestCertificates.selfSignedCa("Findable_Root 100%");
        upload("Userlicensing-trust", ca.pem()).statusCode(201);
        asReadOnly().get("/api/v1/certificates?commonName=findable_ROOT 100%").then()
                .body("items.commonName", equalTo(java.util.List.of("Findable_Root 100%")));
        // LIKE wildcards in the filter are literal characters.
        asReadOnly().get("/api/v1/certificates?commonName=Findable%Root").then().body("total", equalTo(0));
    }

    @Test
    void filtersByExpiryDate() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var soon = TestCertificates.selfSignedCa("Expires Soon", now.minus(10, ChronoUnit.DAYS), now.plus(20, ChronoUnit.DAYS));
        upload("Phone-CTL-trust", soon.pem()).statusCode(201);
        String in60Days = now.plus(60, ChronoUnit.DAYS).toString();
        asReadOnly().get("/api/v1/certificates?expiresBefore=" + in60Days + "&unit=Phone-CTL-trust").then()
                .body("items.commonName", hasItem("Expires Soon"));
        asReadOnly().get("/api/v1/certificates?expiresAfter=" + in60Days + "&unit=Phone-CTL-trust").then()
                .body("items.commonName", not(hasItem("Expires Soon")));
        asReadOnly().get("/api/v1/certificates?expiresAfter=2099-01-01").then().body("total", equalTo(0));
    }

    @Test
    void pagesThroughTheList() {
        int total = asReadOnly().get("/api/v1/certificates").then().extract().path("total");
        asReadOnly().get("/api/v1/certificates?size=3&page=0").then().body("items", hasSize(3))
                .body("size", equalTo(3)).body("total", equalTo(total));
        var first = asReadOnly().get("/api/v1/certificates?size=3&page=0").then().extract().jsonPath().getList("items.href");
        var second = asReadOnly().get("/api/v1/certificates?size=3&page=1").then().extract().jsonPath().getList("items.href");
        org.junit.jupiter.api.Assertions.assertTrue(java.util.Collections.disjoint(first, second));
        asReadOnly().get("/api/v1/certificates?size=3&page=100000").then().body("items", hasSize(0));
    }

    @Test
    void refusesBadFiltersNamingTheParameter() {
        assertProblem(asReadOnly().get("/api/v1/certificates?keyType=DSA").then(), 400, "invalid-request");
        asReadOnly().get("/api/v1/certificates?keyType=DSA").then().body("detail", containsString("keyType"))
                .body("errors[0].field", equalTo("keyType"));
        assertProblem(asReadOnly().get("/api/v1/certificates?usage=own").then(), 400, "invalid-request");
        assertProblem(asReadOnly().get("/api/v1/certificates?expiresBefore=tomorrow").then(), 400, "invalid-request");
        assertProblem(asReadOnly().get("/api/v1/certificates?size=0").then(), 400, "invalid-request");
        assertProblem(asReadOnly().get("/api/v1/certificates?size=100000").then(), 400, "invalid-request");
        assertProblem(asReadOnly().get("/api/v1/certificates?page=-1").then(), 400, "invalid-request");
        assertProblem(asReadOnly().get("/api/v1/certificates?page=3000000&size=1000").then(), 400, "invalid-request");
        assertProblem(asReadOnly().get("/api/v1/certificates?expiresBefore=+300000-01-01T00:00:00Z").then(), 400,
                "invalid-request");
        assertProblem(asReadOnly().urlEncodingEnabled(false).get("/api/v1/certificates?commonName=a%00b").then(), 400,
                "invalid-request");
        assertProblem(asReadOnly().get("/api/v1/certificates?unit=no-such-trust").then(), 404, "unknown-unit");
    }
}
