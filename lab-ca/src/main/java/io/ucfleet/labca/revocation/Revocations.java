package io.ucfleet.labca.revocation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.ucfleet.labca.authority.Authorities;
import io.ucfleet.labca.authority.Authority;
import io.ucfleet.labca.authority.Hierarchy;
import io.ucfleet.labca.ledger.IssuedCertificate;
import io.ucfleet.labca.ledger.Ledger;
import io.ucfleet.labca.ledger.RevocationReason;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Revocation by serial with an RFC 5280 reason: the fact is recorded and the issuing CA signs its
 * next CRL in the same transaction, so the CRL and OCSP say "revoked" from the answer on.
 */
@ApplicationScoped
public class Revocations {
    private static final Logger LOG = Logger.getLogger(Revocations.class);

    @Inject
    Authorities authorities;
    @Inject
    Ledger ledger;
    @Inject
    Crls crls;
    @Inject
    io.ucfleet.labca.authority.Endpoints endpoints;
    @Inject
    Clock clock;
    @Inject
    DataSource dataSource;

    /** The certificate as revoked, its hierarchy, and the CRL that lists it now (number and URL). */
    public record Revoked(IssuedCertificate certificate, Hierarchy hierarchy, long crlNumber, String crlUrl) {
    }

    /** What a hierarchy's CAs issued (the intermediate included), newest first. */
    public record Listing(Hierarchy hierarchy, java.util.List<IssuedCertificate> certificates) {
    }

    /** {@code status}: {@code good}, {@code revoked}, {@code expired} (by the lab's clock), or null for all. */
    public Listing list(String hierarchy, String status) {
        Hierarchy h = authorities.hierarchy(hierarchy);
        if (status != null && !java.util.List.of("good", "revoked", "expired").contains(status)) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"status\" must be good, revoked or expired, not \""
                    + status + "\".");
        }
        Instant now = clock.instant();
        return new Listing(h, ledger.issuedByAny(h.chain().stream().map(Authority::id).toList()).stream()
                .filter(c -> status == null || c.status(now).equals(status)).toList());
    }

    public Listing show(String hierarchy, String serial) {
        Hierarchy h = authorities.hierarchy(hierarchy);
        return new Listing(h, java.util.List.of(find(h, serial)));
    }

    public Revoked revoke(String hierarchy, String serial, String reasonName) {
        Hierarchy h = authorities.hierarchy(hierarchy);
        RevocationReason reason = reasonName == null ? RevocationReason.UNSPECIFIED
                : RevocationReason.parse(reasonName).orElseThrow(() -> new DomainProblem(ProblemType.UNKNOWN_REVOCATION_REASON,
                        "\"reason\" must be one of " + RevocationReason.names() + ", not \"" + reasonName + "\"."));
        IssuedCertificate issued = find(h, serial);
        Authority issuer = h.byId(issued.authorityId()).orElseThrow();
        if (issued.revoked()) {
            throw alreadyRevoked(issued);
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!ledger.revoke(c, issued.serial(), reason, at)) {
                    throw alreadyRevoked(issued);
                }
                SignedCrl crl = crls.resign(c, h, issuer, true);
                c.commit();
                LOG.infof("revoked serial %s of %s/%s (%s); CRL number %d", issued.serial(), h.name(), issuer.tier().id(),
                        reason.rfcName, crl.number());
                return new Revoked(ledger.bySerial(issued.serial()).orElseThrow(), h, crl.number(),
                        endpoints.crl(h.name(), issuer.tier()));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke " + serial, e);
        }
    }

    /** A certificate one of the hierarchy's CAs issued; 404 otherwise. */
    public IssuedCertificate find(Hierarchy h, String serial) {
        return io.ucfleet.labca.x509.SerialNumbers.normalise(serial).flatMap(ledger::bySerial)
                .filter(c -> h.byId(c.authorityId()).isPresent())
                .orElseThrow(() -> new DomainProblem(ProblemType.CERTIFICATE_NOT_FOUND, "The hierarchy \"" + h.name()
                        + "\" issued no certificate with serial \"" + serial + "\" (hex).", Map.of("serial", String.valueOf(serial))));
    }

    private static DomainProblem alreadyRevoked(IssuedCertificate issued) {
        return new DomainProblem(ProblemType.ALREADY_REVOKED, "Serial " + issued.serial() + " is revoked already"
                + issued.revokedAt().map(t -> " (since " + t + ")").orElse("") + "; nothing changed.",
                Map.of("serial", issued.serial()));
    }
}
