package io.ucfleet.labca.issuance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.cert.X509CertificateHolder;
import org.jboss.logging.Logger;

import io.ucfleet.labca.authority.Authorities;
import io.ucfleet.labca.authority.Authority;
import io.ucfleet.labca.authority.Endpoints;
import io.ucfleet.labca.authority.Hierarchy;
import io.ucfleet.labca.ledger.IssuedCertificate;
import io.ucfleet.labca.ledger.Ledger;
import io.ucfleet.labca.x509.CertificateRequest;
import io.ucfleet.labca.x509.Fingerprint;
import io.ucfleet.labca.x509.Pem;
import io.ucfleet.labca.x509.SerialNumbers;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * "Sign a CSR": checks in a fixed order before anything is written (hierarchy, profile, CSR and
 * its signature, validity), builds the leaf with the issuing CA of the hierarchy, records it in
 * the ledger, and answers it with its chain.
 */
@ApplicationScoped
public class CertificateIssuance {
    private static final Logger LOG = Logger.getLogger(CertificateIssuance.class);

    @Inject
    Authorities authorities;
    @Inject
    Ledger ledger;
    @Inject
    Endpoints endpoints;
    @Inject
    Clock clock;
    @Inject
    DataSource dataSource;

    private final SecureRandom random = new SecureRandom();

    public Issued sign(SignRequest request) {
        Hierarchy h = authorities.hierarchy(request.hierarchy());
        String profileId = request.profile() == null ? Profile.COPY_EXTENSIONS.id : request.profile();
        Profile profile = Profile.byId(profileId).orElseThrow(() -> new DomainProblem(ProblemType.UNKNOWN_PROFILE,
                "\"profile\" must be one of " + Profile.ids() + ", not \"" + profileId + "\"."));
        CertificateRequest csr = CertificateRequest.parse(request.csrPem());
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Validity validity = Validity.of(request.validityDays(), request.notBefore(), request.notAfter(), now);
        Authority issuing = h.issuing();
        X509CertificateHolder issuer = issuing.certificate();
        List<String> warnings = new ArrayList<>();
        Instant issuerEnd = issuer.getNotAfter().toInstant();
        if (validity.notAfter().isAfter(issuerEnd)) {
            warnings.add("notAfter was cut to the issuing CA's notAfter " + issuerEnd + ": a certificate cannot outlive its issuer.");
            validity = new Validity(validity.notBefore(), issuerEnd);
        }
        BigInteger serial = SerialNumbers.random(random);
        var pointers = new LeafCertificates.Pointers(endpoints.crl(h.name(), issuing.tier()), endpoints.ocsp(h.name()),
                endpoints.caIssuers(h.name(), issuing.tier()));
        X509CertificateHolder leaf = LeafCertificates.build(csr, profile, validity, serial, issuer, authorities.key(issuing),
                pointers, warnings);
        byte[] der = encoded(leaf);
        IssuedCertificate row = new IssuedCertificate(SerialNumbers.hex(serial), issuing.id(), leaf.getSubject().toString(),
                profile.id, validity.notBefore(), validity.notAfter(), Fingerprint.sha256(der), der, now, Optional.empty(),
                Optional.empty());
        try (Connection c = dataSource.getConnection()) {
            ledger.record(c, row);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the certificate " + row.serial(), e);
        }
        LOG.infof("issued %s serial %s (%s, %s) by %s/%s", row.subject(), row.serial(), profile.id,
                validity.notAfter(), h.name(), issuing.tier().id());
        return new Issued(h.name(), row.serial(), row.subject(), profile.id, validity.notBefore(), validity.notAfter(),
                row.sha256(), Pem.certificate(der), h.chain().stream().map(a -> Pem.certificate(a.certificateDer())).toList(),
                pointers.crl(), pointers.ocsp(), pointers.caIssuers(), warnings);
    }

    private static byte[] encoded(X509CertificateHolder holder) {
        try {
            return holder.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
