package io.ucfleet.node.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.ucfleet.node.crl.CrlSource;
import io.ucfleet.node.crl.RevocationCheck;
import io.ucfleet.node.crl.SipRevocationSettings;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.OpensslCa;
import io.ucfleet.node.testing.TlsPeer;
import io.ucfleet.platform.tls.ProbeFailure;

/**
 * A SIP TLS zone's check against real peers, no Quarkus: {@code openssl s_server} presents
 * certificates made by {@code openssl ca}, {@code openssl ocsp -port} answers for them, and a
 * loopback HTTP server is the CDP serving {@code openssl ca -gencrl}'s CRL. The zone goes active,
 * then fails for each reason of {@link ZoneFailure}.
 */
class PeerCheckTest {
    static final SipRevocationSettings DEFAULTS = SipRevocationSettings.DEFAULT; // Auto, OCSP, CRLs, CDPs, not revoked
    static final SipRevocationSettings OCSP_ONLY_REVOKED = new SipRevocationSettings(true, true, false, false, true);
    static final SipRevocationSettings OCSP_ONLY_NOT_REVOKED = new SipRevocationSettings(true, true, false, false, false);
    static final SipRevocationSettings LOADED_CRLS_ONLY = new SipRevocationSettings(true, false, true, false, true);
    static final SipRevocationSettings CDP_CRLS = new SipRevocationSettings(true, false, true, true, true);

    static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor();
    static final PeerCheck.Limits LIMITS = new PeerCheck.Limits(Duration.ofSeconds(2), Duration.ofSeconds(3),
            Duration.ofSeconds(2), Duration.ofSeconds(10));
    static final List<TlsPeer> PEERS = new ArrayList<>();
    /** One client, as the node has: openssl ocsp serves one connection at a time, so no idle connection may hold it. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    static ZonePki pki;
    static ZonePki stranger;
    static HttpServer cdp;
    static int ocspPort;
    static int deadPort;
    static X509CRLHolder crl;
    static X509CRLHolder shortCrl;
    static X509Certificate ownServer;
    static TlsPeer good;
    static TlsPeer goodByIp;
    static TlsPeer revoked;
    static TlsPeer deadResponder;
    static TlsPeer untrusted;
    static TlsPeer clientOnly;

    @BeforeAll
    static void peers() throws Exception {
        ocspPort = ZonePki.freePort();
        deadPort = ZonePki.freePort();
        cdp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        String pointers = "authorityInfoAccess=OCSP;URI:http://127.0.0.1:" + ocspPort + "/\n"
                + "crlDistributionPoints=URI:http://127.0.0.1:" + cdp.getAddress().getPort() + "/ca.crl\n";
        String server = "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n";
        pki = new ZonePki("Zone Test Root CA");
        OpensslCa goodLeaf = pki.leaf("good", "localhost", server + pointers + "subjectAltName=DNS:localhost\n");
        OpensslCa ipLeaf = pki.leaf("ip", "peer.example.test", server + pointers
                + "subjectAltName=DNS:peer.example.test,IP:127.0.0.1\n");
        OpensslCa revokedLeaf = pki.leaf("revoked", "localhost", server + pointers + "subjectAltName=DNS:localhost\n");
        OpensslCa deadLeaf = pki.leaf("dead", "localhost", server + "authorityInfoAccess=OCSP;URI:http://127.0.0.1:" + deadPort
                + "/\ncrlDistributionPoints=URI:http://127.0.0.1:" + deadPort + "/ca.crl\nsubjectAltName=DNS:localhost\n");
        OpensslCa clientLeaf = pki.leaf("client", "localhost", "keyUsage=critical,digitalSignature\n"
                + "extendedKeyUsage=clientAuth\nsubjectAltName=DNS:localhost\n");
        pki.revoke(revokedLeaf);
        crl = pki.crl(7 * 24);
        shortCrl = pki.crl(1);
        byte[] crlDer = crl.getEncoded();
        cdp.createContext("/ca.crl", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/pkix-crl");
            exchange.sendResponseHeaders(200, crlDer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(crlDer);
            }
        });
        cdp.start();
        pki.ocspResponder(ocspPort);
        stranger = new ZonePki("Zone Test Stranger CA");
        OpensslCa strangerLeaf = stranger.leaf("stranger", "localhost", server + "subjectAltName=DNS:localhost\n");

        good = peer(goodLeaf);
        goodByIp = peer(ipLeaf);
        revoked = peer(revokedLeaf);
        deadResponder = peer(deadLeaf);
        untrusted = peer(strangerLeaf);
        clientOnly = peer(clientLeaf);
        ownServer = ZonePki.x509(pki.leaf("own", "expe.example.test", server).certificate());
    }

    static TlsPeer peer(OpensslCa leaf) throws Exception {
        TlsPeer p = TlsPeer.sServer(leaf, null);
        PEERS.add(p);
        return p;
    }

    @AfterAll
    static void stop() throws Exception {
        for (TlsPeer p : PEERS) {
            p.close();
        }
        pki.close();
        stranger.close();
        cdp.stop(0);
        WATCHDOG.shutdownNow();
    }

    static ZoneStatus check(TlsPeer peer, String address, SipRevocationSettings sip, List<X509CRLHolder> loaded, Clock clock) {
        List<RevocationCheck.Loaded> crls = loaded.stream().map(c -> new RevocationCheck.Loaded(CrlSource.MANUAL, c)).toList();
        io.ucfleet.platform.revocation.RevocationCheck client = new io.ucfleet.platform.revocation.RevocationCheck(
                HTTP, WATCHDOG, clock, 1 << 20, 1 << 16);
        return new PeerCheck(WATCHDOG, clock, LIMITS).check(new PeerCheck.Target(address, peer == null ? deadPort : peer.port, true),
                new PeerCheck.Inputs(List.of(ZonePki.x509(pki.ca.certificate())), crls, sip, ownServer, client));
    }

    static ZoneStatus check(TlsPeer peer, String address, SipRevocationSettings sip) {
        return check(peer, address, sip, List.of(), Clock.systemUTC());
    }

    static void assertFailed(ZoneFailure reason, ZoneStatus status) {
        assertEquals(ZoneStatus.State.FAILED, status.state(), status.toString());
        assertEquals(reason, status.reason(), status.toString());
        assertTrue(status.detail() != null && !status.detail().isBlank());
    }

    static void assertActive(ZoneStatus status) {
        assertEquals(ZoneStatus.State.ACTIVE, status.state(), status.toString());
        assertNull(status.reason());
    }

    @Test
    void aTrustedPeerNamedByItsFqdnAndGoodByOcspIsActive() {
        ZoneStatus status = check(good, "localhost", DEFAULTS);
        assertActive(status);
        assertTrue(status.detail().contains("good by OCSP"), status.detail());
    }

    @Test
    void anIpPeerAddressIsActiveWhenTheCertificateNamesThatIp() {
        assertActive(check(goodByIp, "127.0.0.1", DEFAULTS));
    }

    @Test
    void anIpPeerAddressFailsWithNameMismatchWhenTheCertificateHasOnlyDnsNames() {
        ZoneStatus status = check(good, "127.0.0.1", DEFAULTS);
        assertFailed(ZoneFailure.NAME_MISMATCH, status);
        assertTrue(status.detail().contains("configure the peer's FQDN"), status.detail());
    }

    @Test
    void aPeerOfACaNotInTheTrustedListFailsAsUntrusted() {
        assertFailed(ZoneFailure.UNTRUSTED_CA, check(untrusted, "localhost", DEFAULTS));
    }

    @Test
    void aPeerCertificateForTlsClientsOnlyFailsOnItsKeyUsage() {
        assertFailed(ZoneFailure.KEY_USAGE, check(clientOnly, "localhost", DEFAULTS));
    }

    @Test
    void aRevokedPeerFailsByOcsp() {
        ZoneStatus status = check(revoked, "localhost", DEFAULTS);
        assertFailed(ZoneFailure.REVOKED_OCSP, status);
        assertTrue(status.detail().contains("keyCompromise"), status.detail());
    }

    @Test
    void aRevokedPeerFailsByALoadedCrl() {
        assertFailed(ZoneFailure.REVOKED_CRL, check(revoked, "localhost", LOADED_CRLS_ONLY, List.of(crl), Clock.systemUTC()));
        assertActive(check(good, "localhost", LOADED_CRLS_ONLY, List.of(crl), Clock.systemUTC()));
    }

    @Test
    void aRevokedPeerFailsByTheCrlOfItsCdp() {
        ZoneStatus status = check(revoked, "localhost", CDP_CRLS);
        assertFailed(ZoneFailure.REVOKED_CRL, status);
        assertTrue(status.detail().contains("/ca.crl"), status.detail());
        assertActive(check(good, "localhost", CDP_CRLS));
    }

    @Test
    void anExpiredCrlOfThePeersCaRevokesEveryCertificateOfIt() {
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(3)), ZoneOffset.UTC);
        assertFailed(ZoneFailure.CRL_EXPIRED, check(good, "localhost", LOADED_CRLS_ONLY, List.of(shortCrl), later));
    }

    @Test
    void anUnreachableResponderFailsTheZoneWhenTheFallbackTreatsAsRevoked() {
        ZoneStatus status = check(deadResponder, "localhost", OCSP_ONLY_REVOKED);
        assertFailed(ZoneFailure.REVOCATION_UNKNOWN, status);
        assertTrue(status.detail().contains("Treat as revoked"), status.detail());
    }

    @Test
    void anUnreachableResponderLeavesTheZoneActiveWhenTheFallbackTreatsAsNotRevoked() {
        ZoneStatus status = check(deadResponder, "localhost", OCSP_ONLY_NOT_REVOKED);
        assertActive(status);
        assertTrue(status.detail().contains("Treat as not revoked"), status.detail());
    }

    @Test
    void unreachableSourcesEverywhereUnderTheDefaultsLeaveTheZoneActive() {
        // Auto, Use OCSP, Use CRLs, CDPs allowed, Treat as not revoked (seed 004's default): no source answers
        assertActive(check(deadResponder, "localhost", DEFAULTS));
    }

    @Test
    void revocationCheckingOffChecksNoSource() {
        assertActive(check(revoked, "localhost", new SipRevocationSettings(false, true, true, true, true)));
    }

    @Test
    void anEightThousandOneHundredNinetyTwoBitServerCertificateMakesItsZonesFail() throws Exception {
        // a 5-prime RSA key: the modulus is 8192 bits, generated in a second (the public key is all the check reads)
        Path key = pki.dir.resolve("own8192.key");
        Openssl.run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:8192", "-pkeyopt", "rsa_keygen_primes:5",
                "-out", key.toString());
        Path cert = pki.dir.resolve("own8192.pem");
        Openssl.run("req", "-x509", "-key", key.toString(), "-out", cert.toString(), "-days", "30", "-subj",
                "/CN=expe.example.test");
        X509Certificate big = ZonePki.x509(cert);
        ZoneStatus status = new PeerCheck(WATCHDOG, Clock.systemUTC(), LIMITS).check(new PeerCheck.Target("localhost", good.port,
                true), new PeerCheck.Inputs(List.of(ZonePki.x509(pki.ca.certificate())), List.of(), DEFAULTS, big, null));
        assertFailed(ZoneFailure.SERVER_CERTIFICATE_8192_BIT, status);
        assertTrue(status.detail().contains("8192-bit"), status.detail());
    }

    @Test
    void nothingListeningIsPeerUnreachable() {
        assertFailed(ZoneFailure.PEER_UNREACHABLE, check(null, "localhost", DEFAULTS));
    }

    @Test
    void aPeerThatDoesNotSpeakTlsIsAHandshakeFailure() throws Exception {
        try (TlsPeer sip = TlsPeer.raw(socket -> {
            try (socket) {
                socket.getOutputStream().write("SIP/2.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException ignored) {
                // the client gave up
            }
        })) {
            assertFailed(ZoneFailure.HANDSHAKE_FAILED, check(sip, "localhost", DEFAULTS));
        }
    }

    @Test
    void tlsVerifyModeOffTrustsAnyPeerThatCompletesTheHandshake() {
        ZoneStatus status = new PeerCheck(WATCHDOG, Clock.systemUTC(), LIMITS).check(new PeerCheck.Target("127.0.0.1",
                untrusted.port, false), new PeerCheck.Inputs(List.of(), List.of(), DEFAULTS, ownServer, null));
        assertActive(status);
    }

    @Test
    void peerNamesFollowAppendixOne() {
        X509Certificate wildcard = ZonePki.x509(pki.leaf("wild", "vcs.example.test", "subjectAltName=DNS:*.example.test\n")
                .certificate());
        X509Certificate ipInCn = ZonePki.x509(pki.leaf("ipcn", "10.1.2.3", "").certificate());
        X509Certificate dnsHoldingAnIp = ZonePki.x509(pki.leaf("dnsip", "vcs.example.test", "subjectAltName=DNS:10.1.2.3\n")
                .certificate());
        assertTrue(PeerName.mismatch("a.example.test", wildcard).orElseThrow().contains("wildcards are not supported"));
        // the CN counts beside the SAN ("either the Subject Common Name or the Subject Alternative Name")
        assertTrue(PeerName.mismatch("VCS.example.test.", wildcard).isEmpty());
        assertTrue(PeerName.mismatch("10.1.2.3", ipInCn).isEmpty());
        assertTrue(PeerName.mismatch("10.1.2.3", dnsHoldingAnIp).isPresent());
    }

    @Test
    void everyProbeFailureHasAZoneReason() {
        for (ProbeFailure f : ProbeFailure.values()) {
            assertTrue(ZoneFailure.of(f) != null, f.name());
        }
    }
}
