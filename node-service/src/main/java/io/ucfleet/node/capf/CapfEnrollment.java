package io.ucfleet.node.capf;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.ProfileExtensions;
import io.ucfleet.node.x509.SerialNumbers;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.Pem;

/**
 * CAPF on the publisher: a phone's CSR becomes a locally significant certificate (LSC) signed
 * with the CAPF key (CAPF carries keyCertSign for this). A node then trusts the LSC through
 * the CAPF certificate in its CAPF-trust or CallManager-trust store.
 */
@ApplicationScoped
public class CapfEnrollment {
    /** Our choice: 5 years like the identities, never past the CAPF certificate itself. */
    static final Duration LSC_VALIDITY = Duration.ofDays(5 * 365);
    static final List<String> TRUSTING_STORES = List.of("CAPF-trust", "CallManager-trust");

    @Inject
    Identities identities;
    @Inject
    Clock clock;
    @Inject
    io.ucfleet.node.config.NodeConfig config;

    /** The JDK's providers may lack EC (phones send EC CSRs): verify with BouncyCastle. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private final SecureRandom random = new SecureRandom();

    public record Issued(String pem, String sha256, String subject, String issuer, String serialNumber,
            Instant notAfter) {
    }

    public record Verdict(boolean trusted, List<String> trustedBy, String detail) {
    }

    @Transactional
    public Issued enroll(byte[] body) {
        requireWithinLimit(body);
        PKCS10CertificationRequest csr = csr(body);
        X500Name subject = csr.getSubject();
        LscRequestRules.subject(subject).or(() -> LscRequestRules.key(csr.getSubjectPublicKeyInfo())).ifPresent(why -> {
            throw new DomainProblem(ProblemType.INVALID_CSR, why);
        });
        IdentityProfile profile = identities.profile(IdentityProfile.CAPF.unit);
        CertificateEntry capf = identities.current(profile);
        X509CertificateHolder issuer = capf.holder();
        Instant now = clock.instant();
        Instant notAfter = now.plus(LSC_VALIDITY);
        if (notAfter.isAfter(capf.notAfter)) {
            notAfter = capf.notAfter;
        }
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer.getSubject(),
                    SerialNumbers.random(random), Date.from(now.minusSeconds(60)), Date.from(notAfter),
                    subject, csr.getSubjectPublicKeyInfo());
            for (Extension extension : ProfileExtensions.LSC.extensions()) {
                builder.addExtension(extension);
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(csr.getSubjectPublicKeyInfo()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(issuer.getSubjectPublicKeyInfo()));
            X509CertificateHolder lsc = builder.build(identities.signingKey(profile).contentSigner("SHA256withRSA"));
            CertificateFacts facts = CertificateFacts.of(lsc);
            return new Issued(Pem.certificate(lsc.getEncoded()), facts.sha256(), facts.subject(), facts.issuer(),
                    facts.serialNumber(), facts.notAfter());
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue the LSC", e);
        }
    }

    /** Does a CAPF certificate in CAPF-trust or CallManager-trust vouch for this certificate? */
    @Transactional
    public Verdict verify(byte[] body) {
        requireWithinLimit(body);
        List<X509CertificateHolder> all = io.ucfleet.node.x509.CertificateDecoder.decodeAll(body);
        if (all.size() != 1) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "Send exactly one certificate, not " + all.size() + ".");
        }
        X509CertificateHolder certificate = all.get(0);
        String issuer = CertificateFacts.of(certificate).issuer();
        List<String> trustedBy = new ArrayList<>();
        for (String store : TRUSTING_STORES) {
            for (CertificateEntry candidate : CertificateEntry.findByUnitAndSubject(store, issuer)) {
                try {
                    if (certificate.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC)
                            .build(candidate.holder()))) {
                        trustedBy.add(store + "/" + candidate.sha256);
                    }
                } catch (Exception notThisOne) {
                    // a candidate with another key: try the next
                }
            }
        }
        Instant now = clock.instant();
        boolean inValidity = !now.isBefore(certificate.getNotBefore().toInstant())
                && !now.isAfter(certificate.getNotAfter().toInstant());
        boolean trusted = !trustedBy.isEmpty() && inValidity;
        String detail = trusted ? "Signed by a CAPF certificate in " + trustedBy
                : trustedBy.isEmpty() ? "No certificate in " + TRUSTING_STORES + " named \"" + issuer
                        + "\" verifies its signature." : "The certificate is outside its validity period.";
        return new Verdict(trusted, trustedBy, detail);
    }

    private void requireWithinLimit(byte[] body) {
        if (body != null && body.length > config.maxUploadBytes()) {
            throw new DomainProblem(ProblemType.PAYLOAD_TOO_LARGE, "The body is " + body.length + " bytes; the limit is "
                    + config.maxUploadBytes() + " bytes.", Map.of("limit", config.maxUploadBytes()));
        }
    }

    /** The phone's CSR, PEM or DER, with a signature its own key verifies; anything else is a 400 naming why. */
    static PKCS10CertificationRequest csr(byte[] body) {
        if (body == null || body.length == 0) {
            throw new DomainProblem(ProblemType.INVALID_CSR, "The body is empty; send the phone's CSR (PEM or DER).");
        }
        PKCS10CertificationRequest csr;
        try {
            String text = new String(body, StandardCharsets.US_ASCII);
            if (text.contains("-----BEGIN")) {
                try (PEMParser parser = new PEMParser(new StringReader(text))) {
                    Object o = parser.readObject();
                    if (!(o instanceof PKCS10CertificationRequest request)) {
                        throw new DomainProblem(ProblemType.INVALID_CSR, "The PEM block is not a CERTIFICATE REQUEST.");
                    }
                    csr = request;
                }
            } else {
                csr = new PKCS10CertificationRequest(body);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DomainProblem problem) {
                throw problem;
            }
            throw new DomainProblem(ProblemType.INVALID_CSR, "The body is not a PKCS#10 certificate signing request.");
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC)
                    .build(csr.getSubjectPublicKeyInfo()))) {
                throw new DomainProblem(ProblemType.INVALID_CSR, "The CSR's signature does not verify with its key.");
            }
        } catch (DomainProblem e) {
            throw e;
        } catch (Exception e) {
            throw new DomainProblem(ProblemType.INVALID_CSR, "The CSR's signature cannot be checked (an unknown"
                    + " signature algorithm or a key that does not fit it).");
        }
        return csr;
    }
}
