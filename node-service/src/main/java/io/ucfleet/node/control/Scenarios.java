package io.ucfleet.node.control;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.keys.KeyGeneration;
import io.ucfleet.node.keys.SigningKeyPair;
import io.ucfleet.node.profile.KeyAlgorithm;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.Pem;
import io.ucfleet.node.x509.SerialNumbers;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * States people test monitoring and runbooks against, made in one call through the node's own
 * use cases (so they replicate, flag restarts and list as the real thing would): identities that
 * expire in N days, and an expired CA in a trust store.
 */
@ApplicationScoped
public class Scenarios {
    @Inject
    Identities identities;
    @Inject
    TrustImport trustImport;
    @Inject
    Node node;
    @Inject
    Clock clock;

    private final SecureRandom random = new SecureRandom();

    public record Expiring(String unit, String sha256, Instant notAfter) {
    }

    /** These identity units (all when empty) reissued, self-signed, to expire {@code days} from the node's now. */
    public List<Expiring> expiring(List<String> units, int days) {
        if (days < 0 || days > 365 * 5) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"days\" must be between 0 and 1825, not " + days + ".");
        }
        List<String> chosen = units == null || units.isEmpty() ? node.role().identities.stream().map(p -> p.unit).toList() : units;
        chosen.forEach(identities::profile); // names an unknown unit before anything changes
        Instant notAfter = clock.instant().plus(Duration.ofDays(days));
        return chosen.stream().map(unit -> {
            CertificateEntry e = identities.reissueExpiring(unit, notAfter);
            return new Expiring(e.unit, e.sha256, e.notAfter);
        }).toList();
    }

    /** A CA certificate that expired {@code daysAgo} days ago (valid five years before that), imported into {@code store}. */
    public TrustImport.Result expiredTrust(String store, String commonName, int daysAgo) {
        if (daysAgo < 1 || daysAgo > 3650) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"daysAgo\" must be between 1 and 3650, not " + daysAgo + ".");
        }
        String cn = commonName == null || commonName.isBlank() ? "ucfleet expired CA" : commonName;
        Instant notAfter = clock.instant().minus(Duration.ofDays(daysAgo)).truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = notAfter.minus(Duration.ofDays(365L * 5));
        SigningKeyPair pair = KeyGeneration.generate(KeyAlgorithm.RSA, 2048, random);
        X500Name name = new X500Name("CN=" + cn.replace(",", "\\,") + ",O=ucfleet scenario");
        try {
            X509CertificateHolder ca = new JcaX509v3CertificateBuilder(name, SerialNumbers.random(random),
                    Date.from(notBefore), Date.from(notAfter), name, pair.publicKey())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .build(pair.privateKey().contentSigner("SHA256withRSA"));
            return trustImport.upload(store, Pem.certificate(CertificateFacts.encoded(ca)).getBytes(StandardCharsets.US_ASCII),
                    "Scenario: a CA that expired " + daysAgo + " days ago");
        } catch (CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build the scenario's CA", e);
        }
    }
}
