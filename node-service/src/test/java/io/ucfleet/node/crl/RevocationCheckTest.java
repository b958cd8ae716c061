package io.ucfleet.node.crl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.ucfleet.node.crl.RevocationCheck.Loaded;
import io.ucfleet.node.crl.RevocationCheck.Purpose;
import io.ucfleet.node.crl.RevocationCheck.State;
import io.ucfleet.node.testing.TestCertificates;
import io.ucfleet.node.testing.TestCrls;

/** Seed 004's revocation rules, one per test: listed, stale, untrusted, and which source counts for which purpose. */
class RevocationCheckTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final TestCertificates.Issued CA = TestCertificates.selfSignedCa("revocation test CA");
    private static final TestCertificates.Issued PEER = TestCertificates.issuedBy(CA, "peer.ucfleet.test", false, null);
    private static final BigInteger SERIAL = PEER.certificate().getSerialNumber();

    private static Loaded crl(CrlSource source, Instant thisUpdate, Instant nextUpdate, BigInteger... revoked) {
        return new Loaded(source, TestCrls.crl(CA, thisUpdate, nextUpdate, 1, List.of(revoked)));
    }

    private static RevocationCheck.Status check(Purpose purpose, Loaded... loaded) {
        return RevocationCheck.check(PEER.certificate(), List.of(loaded), List.of(CA.certificate()), purpose, NOW);
    }

    private static final Instant HOUR_AGO = NOW.minus(1, ChronoUnit.HOURS);
    private static final Instant NEXT_WEEK = NOW.plus(7, ChronoUnit.DAYS);

    @Test
    void aCertificateOnItsIssuersCrlIsRevoked() {
        var status = check(Purpose.TLS, crl(CrlSource.MANUAL, HOUR_AGO, NEXT_WEEK, BigInteger.ONE, SERIAL));
        assertEquals(State.REVOKED, status.state(), status.detail());
        assertTrue(status.detail().contains("keyCompromise"), status.detail());
    }

    @Test
    void aCertificateNotOnACurrentCrlIsNotRevoked() {
        assertEquals(State.NOT_REVOKED, check(Purpose.TLS, crl(CrlSource.MANUAL, HOUR_AGO, NEXT_WEEK, BigInteger.TWO)).state());
    }

    @Test
    void anExpiredCrlRevokesEveryCertificateOfItsCa() {
        var status = check(Purpose.TLS, crl(CrlSource.MANUAL, NOW.minus(9, ChronoUnit.DAYS), NOW.minus(2, ChronoUnit.DAYS)));
        assertEquals(State.REVOKED, status.state());
        assertTrue(status.detail().contains("expired"), status.detail());
    }

    @Test
    void aCrlNotSignedByATrustedCaIsNotUsed() {
        var status = RevocationCheck.check(PEER.certificate(), List.of(crl(CrlSource.MANUAL, HOUR_AGO, NEXT_WEEK, SERIAL)),
                List.of(TestCertificates.selfSignedCa("revocation test CA").certificate()), Purpose.TLS, NOW);
        assertEquals(State.NO_CRL, status.state(), status.detail());
        assertEquals(State.NO_CRL, check(Purpose.TLS).state());
    }

    @Test
    void automaticCrlsOverrideManualOnesExceptForSipTls() {
        Loaded manualRevokes = crl(CrlSource.MANUAL, NOW.minusSeconds(60), NEXT_WEEK, SERIAL);
        Loaded automaticDoesNot = crl(CrlSource.AUTOMATIC, HOUR_AGO, NEXT_WEEK);
        assertEquals(State.NOT_REVOKED, check(Purpose.TLS, manualRevokes, automaticDoesNot).state());
        // SIP TLS may use both; the latest (the manual one here) says revoked.
        assertEquals(State.REVOKED, check(Purpose.SIP_TLS, manualRevokes, automaticDoesNot).state());
    }

    @Test
    void sipTlsSettingsDecideWhatAnUnknownStatusMeans() {
        var unknown = check(Purpose.SIP_TLS);
        var revoked = check(Purpose.SIP_TLS, crl(CrlSource.MANUAL, HOUR_AGO, NEXT_WEEK, SERIAL));
        var dflt = SipRevocationSettings.DEFAULT;
        assertEquals(State.NOT_REVOKED, RevocationCheck.forSipTls(unknown, dflt).state(), "default: treat as not revoked");
        var strict = new SipRevocationSettings(true, true, true, true, true);
        assertEquals(State.REVOKED, RevocationCheck.forSipTls(unknown, strict).state());
        assertEquals(State.REVOKED, RevocationCheck.forSipTls(revoked, dflt).state());
        var off = new SipRevocationSettings(false, true, true, true, true);
        assertEquals(State.NOT_CHECKED, RevocationCheck.forSipTls(revoked, off).state());
        var noCrls = new SipRevocationSettings(true, true, false, true, false);
        assertEquals(State.NOT_REVOKED, RevocationCheck.forSipTls(revoked, noCrls).state(), "CRLs not used: the fallback decides");
    }

    @Test
    void sipSettingsParseLiberallyAndNameEveryBadField() {
        assertEquals(SipRevocationSettings.DEFAULT, SipRevocationSettings.parse(null, null, null, null, null));
        var s = SipRevocationSettings.parse("Off", "no", "Yes", "NO", "Treat as revoked");
        assertEquals(new SipRevocationSettings(false, false, true, false, true), s);
        var p = org.junit.jupiter.api.Assertions.assertThrows(io.ucfleet.platform.problem.DomainProblem.class,
                () -> SipRevocationSettings.parse("Sometimes", "maybe", null, null, "ignore"));
        assertEquals(3, ((List<?>) p.extensions().get("errors")).size(), p.detail());
    }

    @Test
    void policyServersUseManualCrlsOnlyAndLdapTheTrustedCaFileOnly() {
        Loaded automatic = crl(CrlSource.AUTOMATIC, HOUR_AGO, NEXT_WEEK, SERIAL);
        Loaded embedded = crl(CrlSource.TRUSTED_CA_FILE, HOUR_AGO, NEXT_WEEK, SERIAL);
        Loaded manual = crl(CrlSource.MANUAL, HOUR_AGO, NEXT_WEEK, SERIAL);
        assertEquals(State.NO_CRL, check(Purpose.POLICY_SERVER, automatic, embedded).state());
        assertEquals(State.REVOKED, check(Purpose.POLICY_SERVER, manual).state());
        assertEquals(State.NO_CRL, check(Purpose.LDAP, automatic, manual).state());
        assertEquals(State.REVOKED, check(Purpose.LDAP, embedded).state());
    }
}
