package io.ucfleet.labca;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.labca.testing.LabCaTestEnvironment;
import io.ucfleet.labca.testing.Openssl;
import io.ucfleet.platform.testing.TestPki;
import io.ucfleet.platform.testing.TestPki.Spec;
import io.ucfleet.labca.testing.TestServers;

/**
 * Client verdicts against real servers: {@code openssl s_server} presenting lab-CA-signed chains
 * (with and without the intermediate, a wrong name, expired) and a GeneralizedTime certificate; a
 * Java XMPP server speaking STARTTLS (checked first with {@code openssl s_client -starttls xmpp});
 * the lab CA's own OCSP and CRL endpoints with their faults (revoked, 6 s delay, unreachable);
 * broken revocation sources (garbage, 100 MB, never answering); ports that speak no TLS or stall.
 * openssl's own verdict is asked beside ours where it has one. Latency per verdict kind is
 * written to {@code target/client-verdict-latency.txt}.
 */
@QuarkusTest
@QuarkusTestResource(LabCaTestEnvironment.class)
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class ClientVerdictTest {
    static final String HIERARCHY = "verdicts";
    static final Map<String, List<Long>> LATENCY = new TreeMap<>();
    static Lab lab;

    /** The lab hierarchy, its root and intermediate PEM, and a good leaf for uc.lab.test (CDP + AIA to the lab). */
    record Lab(Openssl o, String root, String inter, String leaf) {
    }

    static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "admin-password");
    }

    static RequestSpecification auditor() {
        return given().auth().preemptive().basic("auditor", "auditor-password");
    }

    static synchronized Lab lab() {
        if (lab == null) {
            Openssl o = Openssl.inTemp();
            var created = admin().contentType("application/json").body(Map.of("name", HIERARCHY))
                    .post("/api/v1/authorities").then().statusCode(201).extract();
            String root = o.write("root.pem", created.<String>path("root.certificate")).toString();
            o.write("inter.pem", created.<String>path("intermediate.certificate"));
            issue(o, "leaf", "uc.lab.test", Map.of());
            lab = new Lab(o, o.read("root.pem"), o.read("inter.pem"), o.read("leaf.pem"));
            assertTrue(root.endsWith("root.pem"));
        }
        return lab;
    }

    /** A lab-signed certificate for {@code cn} (SAN DNS the same) as {@code name}.pem / .key; returns its serial. */
    static String issue(Openssl o, String name, String cn, Map<String, Object> extra) {
        String csr = o.csr(name, "rsa:2048", "/CN=" + cn, "subjectAltName = DNS:" + cn,
                "extendedKeyUsage = serverAuth, clientAuth", "keyUsage = critical, digitalSignature, keyEncipherment");
        Map<String, Object> body = new HashMap<>(Map.of("csr", csr, "profile", "copy-extensions"));
        body.putAll(extra);
        var issued = admin().contentType("application/json").body(body).post("/api/v1/authorities/" + HIERARCHY
                + "/certificates").then().log().ifValidationFails().statusCode(201).extract();
        o.write(name + ".pem", issued.<String>path("certificate"));
        return issued.path("serial");
    }

    static Map<String, Object> endpoint(int port, String serverName) {
        Map<String, Object> target = new LinkedHashMap<>(Map.of("host", "127.0.0.1", "port", port));
        if (serverName != null) {
            target.put("serverName", serverName);
        }
        return target;
    }

    static Map<String, Object> body(Map<String, Object> target, String trustPem, String client, Map<String, Object> revocation) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target);
        body.put("trust", Map.of("bundle", trustPem));
        body.put("client", client);
        if (revocation != null) {
            body.put("revocation", revocation);
        }
        return body;
    }

    static ExtractableResponse<Response> verdict(String kind, Map<String, Object> body) {
        var r = auditor().contentType("application/json").body(body).post("/api/v1/client-verdicts").then().log()
                .ifValidationFails().statusCode(200).extract();
        LATENCY.computeIfAbsent(kind, k -> new ArrayList<>()).add(((Number) r.path("latencyMillis")).longValue());
        return r;
    }

    static List<String> codes(ExtractableResponse<Response> r, String list) {
        return r.path(list + ".code");
    }

    @Test
    void trustedWhenTheServerSendsItsChainAndTheClientHasTheRootAsOpensslAgrees() {
        Lab l = lab();
        try (TestServers servers = new TestServers()) {
            int port = servers.sServer(l.o(), "leaf.pem", "leaf.key", "inter.pem");
            var ours = verdict("trusted, revocation by OCSP", body(endpoint(port, "uc.lab.test"), l.root(), "jabber", null));
            assertEquals("trusted", ours.path("verdict"), ours.asString());
            assertEquals(List.of(), codes(ours, "reasons"));
            assertEquals(List.of("good", "good"), ours.path("revocation.certificates.status"));
            assertEquals(List.of("ocsp", "ocsp"), ours.path("revocation.certificates.method"), ours.asString());
            assertEquals(List.of("server", "server", "trust-store"), ours.path("chain.origin"));
            assertEquals("subjectAltName.dNSName", ours.path("target.identity.field"));
            assertEquals(false, ours.path("clients.jabber.prompt"));
            assertEquals("trusted", ours.path("clients.lync.verdict"));
            var openssl = l.o().openssl("s_client", "-connect", "127.0.0.1:" + port, "-CAfile", "root.pem",
                    "-verify_hostname", "uc.lab.test", "-verify_return_error", "-servername", "uc.lab.test");
            assertTrue(openssl.all().contains("Verify return code: 0 (ok)"), openssl.all());

            var mra = verdict("trusted, revocation by OCSP", body(endpoint(port, "uc.lab.test"), l.root(), "mra", null));
            assertEquals("trusted", mra.path("verdict"), mra.asString());
            assertEquals("required", mra.path("revocation.mode"));
            var off = verdict("trusted, no revocation", body(endpoint(port, "uc.lab.test"), l.root(), "lync",
                    Map.of("mode", "off")));
            assertEquals("trusted", off.path("verdict"));
            assertEquals(List.of("revocation-not-checked"), codes(off, "warnings"));
        }
    }

    @Test
    void promptsWhenTheServerLeavesOutTheIntermediateNamingTheLeafsIssuer() {
        Lab l = lab();
        try (TestServers servers = new TestServers()) {
            int port = servers.sServer(l.o(), "leaf.pem", "leaf.key", null);
            var r = verdict("prompt", body(endpoint(port, "uc.lab.test"), l.root(), "jabber", Map.of("mode", "off")));
            assertEquals("prompt", r.path("verdict"), r.asString());
            assertEquals(List.of("issuer-not-found"), codes(r, "reasons"));
            assertEquals("issuer", r.path("reasons[0].field"));
            assertEquals(0, (int) r.path("reasons[0].certificate.position"));
            assertTrue(r.<String>path("reasons[0].certificate.subject").contains("CN=uc.lab.test"));
            assertEquals(List.of("Always trust uc.lab.test", "Cancel", "Continue"), r.path("clients.jabber.buttons"));
            assertTrue(r.<String>path("clients.jabber.whatHappensNext.Continue").contains("restarts"));
            assertEquals(List.of("Accept", "Decline"), r.path("clients.lync.buttons"));
            assertTrue(r.<String>path("clients.lync.whatHappensNext.Accept").contains("Enterprise Trust"));
            var openssl = l.o().openssl("s_client", "-connect", "127.0.0.1:" + port, "-CAfile", "root.pem",
                    "-verify_return_error");
            assertTrue(openssl.all().contains("unable to get local issuer certificate"), openssl.all());
            // the same chain with the intermediate in the client's trust: trusted
            var withInter = verdict("trusted, no revocation", body(endpoint(port, "uc.lab.test"), l.root() + l.inter(),
                    "jabber", Map.of("mode", "off")));
            assertEquals("trusted", withInter.path("verdict"), withInter.asString());
            // a trusted intermediate is an anchor of its own (the path ends there)
            assertEquals(List.of("server", "trust-store"), withInter.path("chain.origin"));
        }
    }

    @Test
    void promptsOnAnotherNameAndWhenTheClientConnectsByIpAddress() {
        Lab l = lab();
        try (TestServers servers = new TestServers()) {
            int port = servers.sServer(l.o(), "leaf.pem", "leaf.key", "inter.pem");
            var other = verdict("prompt", body(endpoint(port, "cucm-sub.lab.test"), l.root(), "jabber", Map.of("mode", "off")));
            assertEquals("prompt", other.path("verdict"));
            assertEquals(List.of("name-mismatch"), codes(other, "reasons"));
            assertEquals("subjectAltName.dNSName", other.path("reasons[0].field"));
            var byIp = verdict("prompt", body(endpoint(port, null), l.root(), "jabber", Map.of("mode", "off")));
            assertEquals(List.of("ip-address-mismatch"), codes(byIp, "reasons"));
            assertTrue(byIp.<String>path("reasons[0].detail").contains("127.0.0.1"), byIp.asString());
            assertTrue(byIp.<String>path("reasons[0].rule").startsWith("000"));
        }
    }

    @Test
    void promptsOnAnExpiredCertificateByTheLabsClock() {
        Lab l = lab();
        issue(l.o(), "expired", "uc.lab.test", Map.of("notBefore", "2024-01-01T00:00:00Z", "notAfter", "2024-06-01T00:00:00Z"));
        try (TestServers servers = new TestServers()) {
            int port = servers.sServer(l.o(), "expired.pem", "expired.key", "inter.pem");
            var r = verdict("prompt", body(endpoint(port, "uc.lab.test"), l.root(), "lync", Map.of("mode", "off")));
            assertEquals("prompt", r.path("verdict"), r.asString());
            assertEquals(List.of("expired"), codes(r, "reasons"));
            assertEquals("validity.notAfter", r.path("reasons[0].field"));
            assertEquals(true, r.path("clients.lync.prompt"));
        }
    }

    @Test
    void refusesAGeneralizedTimeBefore2050ThatOpensslItselfAccepts() {
        Openssl o = Openssl.inTemp();
        TestPki.Issued ca = TestPki.ca("time CA");
        TestPki.Issued leaf = TestPki.leaf(ca, Spec.cn("uc.lab.test").dns("uc.lab.test").generalizedNotBefore("20250101000000Z"));
        o.write("ca.pem", ca.pem());
        o.write("g.pem", leaf.pem());
        o.write("g.key", leaf.keyPem());
        assertTrue(o.openssl("asn1parse", "-in", "g.pem").out().matches("(?s).*GENERALIZEDTIME\\s*:20250101000000Z.*"));
        assertTrue(o.openssl("verify", "-CAfile", "ca.pem", "g.pem").out().contains("g.pem: OK"));
        try (TestServers servers = new TestServers()) {
            int port = servers.sServer(o, "g.pem", "g.key", null);
            var r = verdict("refused", body(endpoint(port, "uc.lab.test"), ca.pem(), "jabber", null));
            assertEquals("refused", r.path("verdict"), r.asString());
            assertEquals(List.of("time-encoding"), codes(r, "reasons"));
            assertEquals("validity.notBefore", r.path("reasons[0].field"));
            assertTrue(r.<String>path("reasons[0].detail").contains("before 2050"));
            assertEquals(false, r.path("clients.jabber.prompt"));
            assertEquals(List.of("no-pointers"), r.path("revocation.certificates.status"));
            assertEquals(List.of("treated-as-not-revoked"), codes(r, "warnings"));
        }
    }

    @Test
    void refusesARevokedCertificateByOcspAndByCrlWhenOcspIsAway() {
        Lab l = lab();
        String serial = issue(l.o(), "revoked", "uc.lab.test", Map.of());
        admin().contentType("application/json").body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/authorities/" + HIERARCHY + "/certificates/" + serial + "/revocation").then().statusCode(200);
        Map<String, Object> chain = Map.of("chain", l.o().read("revoked.pem") + l.inter(), "serverName", "uc.lab.test");
        var r = verdict("refused", body(chain, l.root(), "jabber", null));
        assertEquals("refused", r.path("verdict"), r.asString());
        assertEquals(List.of("revoked"), codes(r, "reasons"));
        assertEquals("serialNumber", r.path("reasons[0].field"));
        assertTrue(r.<String>path("reasons[0].detail").contains("keyCompromise"), r.asString());
        assertEquals("ocsp", r.path("revocation.certificates[0].method"));
        try {
            admin().contentType("application/json").body(Map.of("unreachable", true)).put("/ucfleet/v1/faults/ocsp").then()
                    .statusCode(200);
            var byCrl = verdict("refused", body(chain, l.root(), "jabber", null));
            assertEquals("refused", byCrl.path("verdict"));
            assertEquals("crl", byCrl.path("revocation.certificates[0].method"));
            assertEquals(List.of("unreachable", "revoked"), byCrl.path("revocation.certificates[0].attempts.outcome"));
        } finally {
            admin().delete("/ucfleet/v1/faults").then().statusCode(204);
        }
    }

    @Test
    void mobileAndRemoteAccessFailsWithinFiveSecondsWhenOcspAnswersInSix() {
        Lab l = lab();
        Map<String, Object> chain = Map.of("chain", l.leaf() + l.inter(), "serverName", "uc.lab.test");
        try {
            admin().contentType("application/json").body(Map.of("delay", "PT6S")).put("/ucfleet/v1/faults/ocsp").then()
                    .statusCode(200);
            long t0 = System.nanoTime();
            var mra = verdict("refused, OCSP slower than 5 s (MRA)", body(chain, l.root(), "mra", null));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("refused", mra.path("verdict"), mra.asString());
            assertTrue(codes(mra, "reasons").contains("revocation-unavailable"), mra.asString());
            assertEquals("authorityInfoAccess.ocsp", mra.path("reasons[0].field"));
            assertTrue(ms >= 4500 && ms < 6000, "MRA gives up at 5 s, not at the responder's 6: " + ms + " ms");
            // Jabber on premises, best effort, 1 s per source: OCSP too slow, the CRL answers
            var jabber = verdict("trusted, OCSP timeout then CRL", body(chain, l.root(), "jabber", Map.of("timeout", "PT1S")));
            assertEquals("trusted", jabber.path("verdict"), jabber.asString());
            assertEquals(List.of("timeout", "good"), jabber.path("revocation.certificates[0].attempts.outcome"));
        } finally {
            admin().delete("/ucfleet/v1/faults").then().statusCode(204);
        }
    }

    @Test
    void anUnreachableRevocationSourceTakesTheConfiguredFallback() {
        Lab l = lab();
        Map<String, Object> chain = Map.of("chain", l.leaf() + l.inter(), "serverName", "uc.lab.test");
        try {
            admin().contentType("application/json").body(Map.of("unreachable", true)).put("/ucfleet/v1/faults/ocsp").then()
                    .statusCode(200);
            admin().contentType("application/json").body(Map.of("unreachable", true)).put("/ucfleet/v1/faults/crl").then()
                    .statusCode(200);
            var notRevoked = verdict("trusted, sources unreachable", body(chain, l.root(), "jabber", null));
            assertEquals("trusted", notRevoked.path("verdict"), notRevoked.asString());
            assertEquals(List.of("treated-as-not-revoked", "treated-as-not-revoked"), codes(notRevoked, "warnings"));
            var revoked = verdict("refused", body(chain, l.root(), "jabber", Map.of("fallback", "treat-as-revoked")));
            assertEquals("refused", revoked.path("verdict"));
            assertEquals(List.of("treated-as-revoked", "treated-as-revoked"), codes(revoked, "reasons"));
            var required = verdict("prompt", body(chain, l.root(), "jabber", Map.of("mode", "required")));
            assertEquals("prompt", required.path("verdict"));
            assertEquals("revocation-unavailable", required.path("reasons[0].code"));
            var mra = verdict("refused", body(chain, l.root(), "mra", Map.of("mode", "off")));
            assertEquals("refused", mra.path("verdict"));
            assertTrue(mra.<List<String>>path("notes").get(0).contains("ignored"), mra.asString());
        } finally {
            admin().delete("/ucfleet/v1/faults").then().statusCode(204);
        }
    }

    @Test
    void brokenRevocationSourcesGiveBoundedVerdicts() {
        TestPki.Issued ca = TestPki.ca("broken sources CA");
        try (TestServers servers = new TestServers()) {
            String base = "http://127.0.0.1:" + servers.brokenRevocationSources();
            TestPki.Issued garbage = TestPki.leaf(ca, Spec.cn("uc.lab.test").dns("uc.lab.test").ocsp(base + "/garbage")
                    .crl(base + "/huge.crl"));
            long t0 = System.nanoTime();
            var r = verdict("trusted, sources broken", body(Map.of("chain", garbage.pem(), "serverName", "uc.lab.test"),
                    ca.pem(), "jabber", null));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000, "garbage and 100 MB within bounds");
            assertEquals("trusted", r.path("verdict"), r.asString());
            assertEquals(List.of("unusable", "too-large"), r.path("revocation.certificates[0].attempts.outcome"));
            var mra = verdict("refused", body(Map.of("chain", garbage.pem(), "serverName", "uc.lab.test"), ca.pem(), "mra",
                    null));
            assertEquals("refused", mra.path("verdict"));

            TestPki.Issued stall = TestPki.leaf(ca, Spec.cn("uc.lab.test").dns("uc.lab.test").ocsp(base + "/stall")
                    .crl(base + "/not-a-crl"));
            t0 = System.nanoTime();
            var s = verdict("prompt", body(Map.of("chain", stall.pem(), "serverName", "uc.lab.test"), ca.pem(), "jabber",
                    Map.of("mode", "required", "timeout", "PT1S")));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("prompt", s.path("verdict"), s.asString());
            assertEquals(List.of("timeout", "unusable"), s.path("revocation.certificates[0].attempts.outcome"));
            assertTrue(ms < 2500, "a responder that never answers costs the timeout: " + ms + " ms");
        }
    }

    @Test
    void portsThatSpeakNoTlsStallOrAreClosedFailWithinTheirBounds() {
        Lab l = lab();
        try (TestServers servers = new TestServers()) {
            long t0 = System.nanoTime();
            var plain = verdict("refused, no TLS", body(endpoint(servers.plainText(), "uc.lab.test"), l.root(), "jabber", null));
            assertEquals("refused", plain.path("verdict"));
            assertEquals(List.of("not-tls"), codes(plain, "reasons"));
            assertEquals("target", plain.path("reasons[0].field"));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000);

            Map<String, Object> stalled = body(endpoint(servers.stalling(), "uc.lab.test"), l.root(), "jabber", null);
            stalled.put("deadline", "PT2S");
            t0 = System.nanoTime();
            var stall = verdict("refused, handshake stalls", stalled);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(List.of("handshake-timeout"), codes(stall, "reasons"));
            assertTrue(ms >= 1900 && ms < 3000, "the stalled handshake ends at the 2 s deadline: " + ms + " ms");

            int closed = io.ucfleet.fleet.process.ServiceProcess.freePort();
            var refused = verdict("refused, nothing listens", body(endpoint(closed, "uc.lab.test"), l.root(), "jabber", null));
            assertEquals(List.of("connection-refused"), codes(refused, "reasons"));
            var unknown = verdict("refused, nothing listens", body(Map.of("host", "no-such-host.invalid", "port", 443),
                    l.root(), "jabber", null));
            assertEquals(List.of("unknown-host"), codes(unknown, "reasons"));
            assertTrue(unknown.<String>path("clients.jabber.summary").contains("fails"));
        }
    }

    @Test
    void xmppStartTlsIsJudgedAgainstTheXmppDomainNotTheNodesFqdn() {
        Openssl o = Openssl.inTemp();
        TestPki.Issued ca = TestPki.ca("xmpp CA");
        TestPki.Issued leaf = TestPki.leaf(ca, Spec.cn("imp1.lab.test").dns("imp1.lab.test").xmppAddr("lab.test")
                .srvName("_xmpp-client.lab.test"));
        TestPki.Issued fqdnOnly = TestPki.leaf(ca, Spec.cn("imp1.lab.test").dns("imp1.lab.test"));
        o.write("ca.pem", ca.pem());
        try (TestServers servers = new TestServers()) {
            int port = servers.xmpp(leaf);
            // the test server is a real STARTTLS server: openssl's client gets the certificate through it
            var openssl = o.openssl("s_client", "-connect", "127.0.0.1:" + port, "-starttls", "xmpp", "-xmpphost", "lab.test",
                    "-CAfile", "ca.pem");
            assertTrue(openssl.all().contains("Verify return code: 0 (ok)"), openssl.all());
            Map<String, Object> target = new LinkedHashMap<>(Map.of("host", "127.0.0.1", "port", port, "protocol", "xmpp-c2s",
                    "xmppDomain", "lab.test"));
            var r = verdict("trusted, XMPP STARTTLS", body(target, ca.pem(), "jabber", null));
            assertEquals("trusted", r.path("verdict"), r.asString());
            assertEquals(true, r.path("target.startTls"));
            assertEquals("subjectAltName.otherName.xmppAddr", r.path("target.identity.field"));
            assertFalse(((Map<?, ?>) r.path("clients")).containsKey("lync"), "Lync integration is HTTP only (seed 000)");

            int other = servers.xmpp(fqdnOnly);
            target.put("port", other);
            var mismatch = verdict("prompt", body(target, ca.pem(), "jabber", null));
            assertEquals("prompt", mismatch.path("verdict"), mismatch.asString());
            assertEquals(List.of("xmpp-domain-mismatch"), codes(mismatch, "reasons"));

            int s2s = servers.xmpp(leaf);
            var server = verdict("prompt", body(Map.of("host", "127.0.0.1", "port", s2s, "protocol", "xmpp-s2s", "xmppDomain",
                    "other.test"), ca.pem(), "jabber", null));
            assertEquals(List.of("xmpp-domain-mismatch"), codes(server, "reasons"));
        }
    }

    @Test
    void badInputIsAProblemAndTouchesNothing() {
        Lab l = lab();
        int issued = auditor().get("/api/v1/authorities/" + HIERARCHY + "/certificates").then().statusCode(200).extract()
                .<List<?>>path("items").size();
        Map<String, Object> ok = Map.of("chain", l.leaf(), "serverName", "uc.lab.test");
        record Bad(Object body, int status, String type) {
        }
        List<Bad> bad = List.of(
                new Bad(body(Map.of("chain", "not pem"), l.root(), "jabber", null), 400, "invalid-pem"),
                new Bad(body(ok, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "jabber", null), 400,
                        "invalid-pem"),
                new Bad(body(ok, l.root(), "skype", null), 400, "invalid-request"),
                new Bad(body(Map.of("host", "127.0.0.1", "port", 5222, "protocol", "xmpp-c2s"), l.root(), "lync", null), 400,
                        "invalid-request"),
                new Bad(body(Map.of("host", "127.0.0.1", "port", 70000), l.root(), "jabber", null), 400, "invalid-request"),
                new Bad(body(ok, l.root(), "jabber", Map.of("mode", "sometimes")), 400, "invalid-request"),
                new Bad(Map.of("target", ok, "trust", Map.of("bundle", l.root(), "system", true)), 400, "invalid-request"),
                new Bad(Map.of("target", ok, "trust", Map.of("system", true), "deadline", "PT1M"), 400, "invalid-request"),
                new Bad(Map.of("target", ok, "trust", Map.of("system", true), "colour", "red"), 400, "invalid-request"),
                new Bad(Map.of("target", ok, "trust", Map.of("nodes", List.of("http://127.0.0.1:"
                        + io.ucfleet.fleet.process.ServiceProcess.freePort()), "username", "u", "password", "p")), 502,
                        "peer-unavailable"));
        for (Bad b : bad) {
            auditor().contentType("application/json").body(b.body()).post("/api/v1/client-verdicts").then()
                    .log().ifValidationFails().statusCode(b.status()).body("type", equalTo("urn:ucfleet:problem:" + b.type()));
        }
        given().contentType("application/json").body(Map.of("target", ok, "trust", Map.of("system", true)))
                .post("/api/v1/client-verdicts").then().statusCode(401);
        auditor().get("/api/v1/client-trust-bundle").then().statusCode(400);
        // the system roots: a private CA is not among them
        var system = verdict("prompt", Map.of("target", ok, "trust", Map.of("system", true)));
        assertEquals("prompt", system.path("verdict"));
        assertTrue(((Number) system.path("trust.certificates")).intValue() > 50, "the machine's roots");
        assertEquals(issued, auditor().get("/api/v1/authorities/" + HIERARCHY + "/certificates").then().extract()
                .<List<?>>path("items").size(), "a verdict issues, installs and stores nothing");
    }

    @AfterAll
    static void writeLatency() throws Exception {
        StringBuilder out = new StringBuilder("verdict kind | n | min ms | max ms\n");
        LATENCY.forEach((k, v) -> out.append(k).append(" | ").append(v.size()).append(" | ")
                .append(v.stream().mapToLong(Long::longValue).min().orElse(0)).append(" | ")
                .append(v.stream().mapToLong(Long::longValue).max().orElse(0)).append('\n'));
        Files.writeString(Path.of("target", "client-verdict-latency.txt"), out);
        System.out.println(out);
    }
}
