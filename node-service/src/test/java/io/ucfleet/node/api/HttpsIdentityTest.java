package io.ucfleet.node.api;

import static io.ucfleet.node.testing.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.node.testing.Openssl;

/**
 * The HTTPS port presents the tomcat identity; a regenerated tomcat certificate is presented
 * only after Cisco Tomcat is restarted through the API, without restarting the process.
 * Judged by {@code openssl s_client}.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class HttpsIdentityTest {
    static final String FQDN = "cucm-pub.ucfleet.test";

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void presentsTheNewTomcatCertificateOnlyAfterCiscoTomcatRestarts() {
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
        String current = tomcatSerial();
        assertEquals(current, servedSerial());

        String regenerated = asAdmin().contentType("application/json").body("{}")
                .post("/api/v1/identities/tomcat/regenerate").then().statusCode(200).extract().path("certificate.serialNumber");
        assertNotEquals(current, regenerated);
        assertEquals(current, servedSerial(), "served before Cisco Tomcat restarted");

        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
        assertEquals(regenerated, servedSerial(), "served after Cisco Tomcat restarted");
    }

    @Test
    void aClientTrustingTheTomcatCertificateVerifiesTheNodeByItsFqdn() {
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
        String pem = asAdmin().get("/api/v1/identities/tomcat").then().extract().path("pem");
        var caFile = Openssl.temp("tomcat.pem", pem);
        var ok = Openssl.withInput("", "s_client", "-connect", "127.0.0.1:" + https.getPort(), "-servername", FQDN,
                "-CAfile", caFile.toString(), "-verify_hostname", FQDN, "-verify_return_error");
        assertEquals(0, ok.exitCode(), ok.stderr());
        assertTrue(ok.stdout().contains("Verify return code: 0 (ok)"), ok.stdout());

        var wrongName = Openssl.withInput("", "s_client", "-connect", "127.0.0.1:" + https.getPort(), "-servername", FQDN,
                "-CAfile", caFile.toString(), "-verify_hostname", "other.ucfleet.test", "-verify_return_error");
        assertNotEquals(0, wrongName.exitCode());
    }

    private static String tomcatSerial() {
        return asAdmin().get("/api/v1/identities/tomcat").then().extract().path("serialNumber");
    }

    private String servedSerial() {
        return Openssl.servedSerial(https.getPort(), FQDN);
    }
}
