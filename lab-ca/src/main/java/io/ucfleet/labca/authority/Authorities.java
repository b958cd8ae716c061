package io.ucfleet.labca.authority;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.ucfleet.labca.config.LabCaConfig;
import io.ucfleet.labca.keys.CaKey;
import io.ucfleet.labca.keys.KeyVault;
import io.ucfleet.labca.ledger.IssuedCertificate;
import io.ucfleet.labca.ledger.Ledger;
import io.ucfleet.labca.x509.Fingerprint;
import io.ucfleet.labca.x509.SerialNumbers;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The lab's CA hierarchies: made on request or, at first start, the configured default one;
 * found by name (404 {@code unknown-authority} otherwise); their keys opened only to sign. At
 * boot every stored key is opened once, so a wrong key-encryption key fails the start rather
 * than the first signature.
 */
@ApplicationScoped
public class Authorities {
    private static final Logger LOG = Logger.getLogger(Authorities.class);

    @Inject
    AuthorityStore store;
    @Inject
    Ledger ledger;
    @Inject
    Endpoints endpoints;
    @Inject
    KeyVault vault;
    @Inject
    LabCaConfig config;
    @Inject
    Clock clock;
    @Inject
    DataSource dataSource;

    private final SecureRandom random = new SecureRandom();

    void onStart(@Observes StartupEvent start) {
        firstStart();
    }

    /** Opens every stored key once; with none stored, makes the configured default hierarchy. */
    public void firstStart() {
        List<Hierarchy> existing = store.all();
        for (Hierarchy h : existing) {
            h.chain().forEach(this::key);
        }
        LabCaConfig.DefaultHierarchy d = config.defaultHierarchy();
        if (existing.isEmpty() && d.enabled()) {
            Hierarchy h = create(HierarchySpec.of(d.name(), d.keyType(), d.keySize(), Optional.of(d.intermediate()),
                    Optional.of(d.organization()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    config.crlValidity()));
            LOG.infof("first start: created CA hierarchy %s (%s %d, %s)", h.name(), h.root().keyType(), h.root().keySize(),
                    h.intermediate().isPresent() ? "root and intermediate" : "root only");
        } else {
            LOG.infof("CA hierarchies: %s", existing.stream().map(Hierarchy::name).toList());
        }
    }

    public Hierarchy hierarchy(String name) {
        // a name no hierarchy can have (a NUL, a slash, ...) is not looked up: PostgreSQL refuses some of those bytes
        return (HierarchySpec.validName(name) ? store.find(name) : java.util.Optional.<Hierarchy>empty()).orElseThrow(() -> new DomainProblem(ProblemType.UNKNOWN_AUTHORITY,
                "The lab CA has no hierarchy " + io.ucfleet.platform.problem.ProblemBody.quote(name)
                        + "; GET /api/v1/authorities lists them.", Map.of("hierarchy", String.valueOf(name))));
    }

    public List<Hierarchy> all() {
        return store.all();
    }

    /** The CA's key, opened from its sealed row, to sign one thing. */
    public CaKey key(Authority authority) {
        try {
            PublicKey publicKey = KeyFactory.getInstance(authority.keyType().jca)
                    .generatePublic(new X509EncodedKeySpec(authority.certificate().getSubjectPublicKeyInfo().getEncoded()));
            return CaKey.open(vault, authority.sealedKey(), authority.keyContext(), publicKey, authority.keyType(),
                    authority.keySize());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the public key of " + authority.keyContext(), e);
        }
    }

    /** A new hierarchy; the keys are generated before anything is written, and it is written in one transaction. */
    public Hierarchy create(HierarchySpec spec) {
        if (store.find(spec.name()).isPresent()) {
            throw new DomainProblem(ProblemType.AUTHORITY_EXISTS, "A hierarchy named \"" + spec.name() + "\" exists already.",
                    Map.of("hierarchy", spec.name()));
        }
        Instant now = clock.instant();
        CaKey rootKey = CaKey.generate(spec.keyType(), spec.keySize(), random);
        X500Name rootSubject = CaCertificates.subject(spec.organization(), spec.rootCommonName());
        X509CertificateHolder root = CaCertificates.root(rootSubject, rootKey, SerialNumbers.random(random), now,
                spec.rootValidity());
        CaKey interKey = null;
        X509CertificateHolder inter = null;
        BigInteger interSerial = SerialNumbers.random(random);
        if (spec.intermediate()) {
            interKey = CaKey.generate(spec.keyType(), spec.keySize(), random);
            inter = CaCertificates.intermediate(CaCertificates.subject(spec.organization(), spec.intermediateCommonName()),
                    interKey, root, rootKey, interSerial, now, spec.intermediateValidity(),
                    endpoints.crl(spec.name(), Tier.ROOT), endpoints.ocsp(spec.name()),
                    endpoints.caIssuers(spec.name(), Tier.ROOT));
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                store.insertHierarchy(c, spec.name(), now, spec.crlValidity());
                long rootId = store.insertAuthority(c, spec.name(), Tier.ROOT, rootSubject.toString(), spec.keyType(),
                        spec.keySize(), encoded(root), rootKey.seal(vault, Authority.keyContext(spec.name(), Tier.ROOT)));
                if (inter != null) {
                    byte[] der = encoded(inter);
                    store.insertAuthority(c, spec.name(), Tier.INTERMEDIATE, inter.getSubject().toString(), spec.keyType(),
                            spec.keySize(), der, interKey.seal(vault, Authority.keyContext(spec.name(), Tier.INTERMEDIATE)));
                    ledger.record(c, new IssuedCertificate(SerialNumbers.hex(interSerial), rootId, inter.getSubject().toString(),
                            "intermediate-ca", inter.getNotBefore().toInstant(), inter.getNotAfter().toInstant(),
                            Fingerprint.sha256(der), der, now, Optional.empty(), Optional.empty()));
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if ("23505".equals(e.getSQLState())) {
                    throw new DomainProblem(ProblemType.AUTHORITY_EXISTS, "A hierarchy named \"" + spec.name()
                            + "\" exists already.", Map.of("hierarchy", spec.name()));
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the hierarchy " + spec.name(), e);
        }
        return hierarchy(spec.name());
    }

    /** Sets the CRL validity and backdate of a hierarchy (the CRLs themselves are re-signed by the caller). */
    public Hierarchy crlSettings(Connection c, String name, Duration validity, Duration backdate) throws SQLException {
        Hierarchy h = hierarchy(name);
        store.updateCrlSettings(c, name, validity, backdate);
        return new Hierarchy(h.name(), h.createdAt(), validity, backdate, h.root(), h.intermediate());
    }

    private static byte[] encoded(X509CertificateHolder holder) {
        try {
            return holder.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
