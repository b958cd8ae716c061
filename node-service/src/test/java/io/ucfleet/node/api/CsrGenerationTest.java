package io.ucfleet.node.api;

import static io.ucfleet.node.testing.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.KeyUsageBit;
import io.ucfleet.node.testing.Api;
import io.ucfleet.node.testing.Openssl;

/**
 * "Generate CSR" for every identity of a publisher, judged by {@code openssl req -verify -text}:
 * the key usage and extended key usage of the unit's row, exactly; the options; warnings; and
 * every refusal answers 400 and leaves the pending CSR as it was.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class CsrGenerationTest {
    static final String FQDN = "cucm-pub.ucfleet.test";

    @ParameterizedTest
    @EnumSource(value = IdentityProfile.class, names = {"TOMCAT", "TOMCAT_ECDSA", "CALLMANAGER", "CALLMANAGER_ECDSA",
            "CAPF", "TVS", "IPSEC", "ITLRECOVERY"})
    void everyCsrCarriesExactlyTheKeyUsageOfItsRowAndVerifies(IdentityProfile profile) {
        String pem = csr(profile.unit, "{}");
        var verified = Openssl.withInput(pem, "req", "-verify", "-text", "-noout");
        assertEquals(0, verified.exitCode(), verified.stderr());
        assertTrue((verified.stdout() + verified.stderr()).contains("verify OK"), verified.stderr());
        String text = verified.stdout();
        String keyUsage = line(text, "X509v3 Key Usage");
        String expectedKu = java.util.Arrays.stream(KeyUsageBit.values()).filter(profile.keyUsages::contains)
                .map(b -> b.opensslName).collect(Collectors.joining(", "));
        assertEquals(expectedKu, keyUsage, text);
        String eku = line(text, "X509v3 Extended Key Usage");
        String expectedEku = profile.extendedKeyUsages.stream().sorted().map(e -> e.opensslName).collect(Collectors.joining(", "));
        assertEquals(expectedEku, eku, text);
        assertTrue(text.contains("DNS:" + FQDN), text);
        assertTrue(text.contains("CN = " + FQDN + ", OU = UC, O = ucfleet, L = San Jose, ST = CA, C = US")
                || text.contains("CN=" + FQDN), text);
        assertTrue(text.contains(profile.keyAlgorithm.name().equals("RSA") ? "Public-Key: (2048 bit)" : "Public-Key: (256 bit)"), text);
        assertTrue(text.toLowerCase(java.util.Locale.ROOT).contains("sha256"), text);
    }

    @Test
    void theOptionsAreHonoured() {
        String pem = csr("tomcat-ECDSA", """
                {"commonName": "voice.example.com", "organization": "Example Corp", "organizationalUnit": "Voice",
                 "locality": "Austin", "state": "TX", "country": "US", "keyType": "ec", "keyLength": 384,
                 "hashAlgorithm": "sha384", "altNames": ["uc.example.com", "cucm.example.com"]}""");
        String text = Openssl.withInput(pem, "req", "-verify", "-text", "-noout").out();
        assertTrue(text.contains("CN = voice.example.com, OU = Voice, O = Example Corp, L = Austin, ST = TX, C = US"), text);
        assertTrue(text.contains("NIST CURVE: P-384"), text);
        assertTrue(text.contains("ecdsa-with-SHA384"), text);
        assertTrue(text.contains("DNS:voice.example.com, DNS:" + FQDN + ", DNS:uc.example.com, DNS:cucm.example.com"), text);

        String rsa = csr("CallManager", "{\"keyLength\": 3072, \"hashAlgorithm\": \"sha512\"}");
        String rsaText = Openssl.withInput(rsa, "req", "-verify", "-text", "-noout").out();
        assertTrue(rsaText.contains("Public-Key: (3072 bit)") && rsaText.contains("sha512WithRSAEncryption"), rsaText);
    }

    /** XMPP Certificate Settings are a page of IM and Presence only (EmbeddedDefaultIT uses them). */
    @Test
    void thePublisherHasNoXmppSecuritySettings() {
        asAdmin().get("/api/v1/security-settings").then().statusCode(409).body("type", equalTo("urn:ucfleet:problem:im-and-presence-only"))
                .body("detail", org.hamcrest.Matchers.containsString("IM and Presence"));
    }

    @Test
    void aMultiServerCsrNamesEveryNodeOfTheProduct() {
        // No other member is configured in the test profile: the cluster is this node.
        String text = Openssl.withInput(csr("tomcat", "{\"distribution\": \"multi-server\"}"), "req", "-text", "-noout").out();
        assertTrue(text.contains("CN = cucm-pub-ms.ucfleet.test"), text);
        assertTrue(text.contains("DNS:cucm-pub-ms.ucfleet.test, DNS:" + FQDN), text);
        asAdmin().get("/api/v1/identities/tomcat/csr").then().body("distribution", equalTo("multi-server"));
    }

    @Test
    void aNewCsrReplacesThePendingOneAndItsKey() {
        String first = csr("TVS", "{}");
        String second = csr("TVS", "{}");
        assertNotEquals(publicKey(first), publicKey(second));
        assertEquals(second, asAdmin().get("/api/v1/identities/TVS/csr").then().extract().path("pem"));
        String download = asAdmin().get("/api/v1/identities/TVS/csr/pem").then().statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("TVS.csr")).extract().asString();
        assertEquals(second, download);
    }

    @Test
    void aDiscardedCsrIsGone() {
        csr("TVS", "{}");
        Api.asReadOnly().delete("/api/v1/identities/TVS/csr").then().statusCode(403);
        asAdmin().get("/api/v1/identities/TVS/csr").then().statusCode(200);
        asAdmin().delete("/api/v1/identities/TVS/csr").then().statusCode(204);
        asAdmin().get("/api/v1/identities/TVS/csr").then().statusCode(404);
        asAdmin().delete("/api/v1/identities/TVS/csr").then().statusCode(404).body("type", equalTo("urn:ucfleet:problem:csr-not-found"));
    }

    @Test
    void rsa4096KeyGenerationDoesNotHoldTheRequestThreads() throws Exception {
        var slow = CompletableFuture.supplyAsync(() -> csr("ipsec", "{\"keyLength\": 4096}"));
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            asAdmin().get("/api/v1/node").then().statusCode(200);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(Openssl.withInput(slow.get(), "req", "-text", "-noout").out().contains("(4096 bit)"));
        assertTrue(elapsedMs < 2000, "other requests took " + elapsedMs + " ms during key generation");
    }

    @Test
    void lintWarningsComeWithTheCsr() {
        asAdmin().contentType("application/json").body("{\"organization\": \"Smith & Sons!\", \"commonName\": \"10.0.0.5\"}")
                .post("/api/v1/identities/ipsec/csr").then().statusCode(201)
                .body("warnings.code", hasItem("special-characters"))
                .body("warnings.code", hasItem("ip-address-common-name"))
                .body("warnings.severity", org.hamcrest.Matchers.everyItem(equalTo("WARNING")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tomcat | {\"keyLength\": 8192} | csr-refused | key-too-large",
            "tomcat | {\"commonName\": \"a.*.ucfleet.test\"} | csr-refused | wildcard-common-name",
            "ipsec | {\"commonName\": \"*.ucfleet.test\"} | csr-refused | wildcard-common-name",
            "tomcat | {\"altNames\": [\"*.ucfleet.test\"]} | csr-refused | wildcard-alt-name",
            "tomcat | {\"country\": \"USA\"} | csr-refused | country-code",
            "tomcat | {\"altNames\": [\"not a name\"]} | csr-refused | alt-name-syntax",
            "tomcat | {\"xmppAddrs\": [\"example.com\"]} | csr-refused | xmpp-names-not-for-unit",
            "tomcat | {\"srvNames\": [\"_xmpp-client.example.com\"]} | csr-refused | xmpp-names-not-for-unit",
            "tomcat | {\"srvNames\": [\" \"]} | invalid-request | ",
            "tomcat | {\"commonName\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com\"} | csr-refused | field-length",
            "tomcat | {\"locality\": \"Aust\\ud800in\"} | csr-refused | field-length",
            "tomcat | {\"keyLength\": 1024} | invalid-key-size | ",
            "tomcat-ECDSA | {\"keyLength\": 521} | invalid-key-size | ",
            "tomcat | {\"keyType\": \"ec\"} | invalid-request | ",
            "tomcat | {\"hashAlgorithm\": \"md5\"} | invalid-request | ",
            "tomcat | {\"distribution\": \"everywhere\"} | invalid-request | ",
            "tomcat | {\"keysize\": 2048} | invalid-request | ",
            "ipsec | {\"distribution\": \"multi-server\"} | multi-server-not-allowed | ",
            "nonsense | {} | unknown-identity | "})
    void refusalsChangeNothing(String unit, String body, String slug, String code) {
        String pendingUnit = unit.equals("nonsense") ? "tomcat" : unit;
        String before = csr(pendingUnit, "{}");
        var response = asAdmin().contentType("application/json").body(body).post("/api/v1/identities/" + unit + "/csr").then()
                .statusCode(slug.equals("unknown-identity") ? 404 : 400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:" + slug));
        if (code != null) {
            response.body("errors.code", hasItem(code));
        }
        assertEquals(before, asAdmin().get("/api/v1/identities/" + pendingUnit + "/csr").then().extract().path("pem"));
    }

    @Test
    void readOnlyAccountsDownloadButDoNotGenerate() {
        csr("tomcat", "{}");
        Api.asReadOnly().get("/api/v1/identities/tomcat/csr").then().statusCode(200);
        Api.asReadOnly().contentType("application/json").body("{}").post("/api/v1/identities/tomcat/csr").then().statusCode(403);
        Api.anonymous().get("/api/v1/identities/tomcat/csr").then().statusCode(401);
    }

    static String csr(String unit, String body) {
        return asAdmin().contentType("application/json").body(body).post("/api/v1/identities/" + unit + "/csr").then()
                .statusCode(201).extract().path("csr.pem");
    }

    private static String publicKey(String csrPem) {
        return Openssl.withInput(csrPem, "req", "-noout", "-pubkey").out();
    }

    private static String line(String text, String header) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).contains(header)) {
                return lines.get(i + 1).strip();
            }
        }
        throw new AssertionError("no " + header + " in " + text);
    }
}
