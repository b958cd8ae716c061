package io.ucfleet.labca.revocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;

import io.ucfleet.labca.authority.Authorities;
import io.ucfleet.labca.authority.Authority;
import io.ucfleet.labca.authority.Hierarchy;
import io.ucfleet.labca.authority.Tier;
import io.ucfleet.labca.ledger.IssuedCertificate;
import io.ucfleet.labca.ledger.Ledger;
import io.ucfleet.labca.ledger.RevocationReason;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Each CA's CRL, rebuilt from the ledger's facts (as Vault does), never edited. A CA signs a new
 * one (CRL number + 1) when a certificate it issued is revoked, when its hierarchy's CRL settings
 * change, and when the one it serves was signed more than half its validity ago by the lab's clock
 * (or "in the future", after the clock moved back). thisUpdate is the signing time minus the
 * hierarchy's backdate, nextUpdate thisUpdate plus the validity: a backdate beyond the validity
 * serves an expired CRL on purpose (seed 004: "if a certificate authority's CRL expires, all
 * certificates issued by that CA will be treated as revoked").
 */
@ApplicationScoped
public class Crls {
    public static final Duration MAX_VALIDITY = Duration.ofDays(3650);

    @Inject
    Authorities authorities;
    @Inject
    Ledger ledger;
    @Inject
    CrlStore store;
    @Inject
    Clock clock;
    @Inject
    DataSource dataSource;

    /** The CRL the CA of that tier serves now, signing a fresh one first when it is due. */
    public SignedCrl current(String hierarchy, Tier tier) {
        Hierarchy h = authorities.hierarchy(hierarchy);
        Authority a = h.tier(tier).orElseThrow(() -> new DomainProblem(ProblemType.UNKNOWN_AUTHORITY, "The hierarchy \""
                + hierarchy + "\" has no " + tier.id() + " CA.", Map.of("hierarchy", hierarchy)));
        Instant now = clock.instant();
        Optional<SignedCrl> latest = store.latest(a.id());
        if (latest.isPresent() && fresh(latest.get(), h, now)) {
            return latest.get();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                SignedCrl crl = resign(c, h, a, false);
                c.commit();
                return crl;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot sign the CRL of " + a.keyContext(), e);
        }
    }

    /** Changes the hierarchy's CRL validity and backdate, and has each of its CAs sign a CRL by them at once. */
    public Hierarchy settings(String hierarchy, Duration validity, Duration backdate) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new DomainProblem(ProblemType.INVALID_VALIDITY, "\"validity\" must be positive and at most 3650 days.");
        }
        if (backdate.isNegative() || backdate.compareTo(MAX_VALIDITY) > 0) {
            throw new DomainProblem(ProblemType.INVALID_VALIDITY, "\"backdate\" must be zero or positive, at most 3650 days.");
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Hierarchy h = authorities.crlSettings(c, hierarchy, validity, backdate);
                for (Authority a : h.chain()) {
                    resign(c, h, a, true);
                }
                c.commit();
                return h;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change the CRL settings of " + hierarchy, e);
        }
    }

    /**
     * Signs the CA's next CRL on the caller's transaction (which holds the CA's lock until it
     * ends); unless {@code always}, a CRL another request signed meanwhile is returned instead.
     */
    SignedCrl resign(Connection c, Hierarchy h, Authority a, boolean always) throws SQLException {
        store.lock(c, a.id());
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Optional<SignedCrl> latest = store.latest(c, a.id());
        if (!always && latest.isPresent() && fresh(latest.get(), h, now)) {
            return latest.get();
        }
        long number = latest.map(SignedCrl::number).orElse(0L) + 1;
        Instant thisUpdate = now.minus(h.crlBackdate());
        Instant nextUpdate = thisUpdate.plus(h.crlValidity());
        X509CertificateHolder issuer = a.certificate();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer.getSubject(), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        try {
            for (IssuedCertificate revoked : ledger.revokedBy(c, a.id())) {
                ExtensionsGenerator entry = new ExtensionsGenerator();
                RevocationReason reason = revoked.revocationReason().orElse(RevocationReason.UNSPECIFIED);
                if (reason != RevocationReason.UNSPECIFIED) { // RFC 5280 5.3.1: SHOULD be absent rather than unspecified
                    entry.addExtension(Extension.reasonCode, false, CRLReason.lookup(reason.code));
                }
                Extensions extensions = entry.isEmpty() ? null : entry.generate();
                builder.addCRLEntry(new BigInteger(revoked.serial(), 16), Date.from(revoked.revokedAt().orElseThrow()),
                        extensions);
            }
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new BcX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.getSubjectPublicKeyInfo()));
            byte[] der = builder.build(authorities.key(a).signer()).getEncoded();
            SignedCrl crl = new SignedCrl(a.id(), number, thisUpdate, nextUpdate, now, der);
            store.insert(c, crl);
            return crl;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean fresh(SignedCrl crl, Hierarchy h, Instant now) {
        boolean sameSettings = crl.thisUpdate().equals(crl.signedAt().minus(h.crlBackdate()))
                && crl.nextUpdate().equals(crl.thisUpdate().plus(h.crlValidity()));
        return sameSettings && !crl.signedAt().isAfter(now)
                && now.isBefore(crl.signedAt().plus(h.crlValidity().dividedBy(2)));
    }
}
