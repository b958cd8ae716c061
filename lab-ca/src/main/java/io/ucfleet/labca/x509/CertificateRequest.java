package io.ucfleet.labca.x509;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * A PKCS#10 CSR as a user or a node brings it: one PEM block labelled {@code CERTIFICATE
 * REQUEST} (or {@code NEW CERTIFICATE REQUEST}) whose signature verifies with its own public key.
 * Anything else is a 400 that says what it is, never echoing the text (it may be a key).
 */
public final class CertificateRequest {
    /** The JDK's providers know EC keys by name, not by the OID a CSR names them with; BouncyCastle knows both. */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    private final PKCS10CertificationRequest csr;

    private CertificateRequest(PKCS10CertificationRequest csr) {
        this.csr = csr;
    }

    public static CertificateRequest parse(String pem) {
        List<Pem.Block> blocks = Pem.read(pem, "\"csr\"");
        if (blocks.size() != 1) {
            throw new DomainProblem(ProblemType.INVALID_CSR, "\"csr\" must hold exactly one CERTIFICATE REQUEST block, not "
                    + blocks.size() + " blocks.");
        }
        Pem.Block block = blocks.get(0);
        if (!block.label().equals("CERTIFICATE REQUEST") && !block.label().equals("NEW CERTIFICATE REQUEST")) {
            throw new DomainProblem(ProblemType.INVALID_CSR, "\"csr\" holds a " + block.label()
                    + " block, not a CERTIFICATE REQUEST" + (block.label().contains("PRIVATE KEY")
                            ? "; never send a private key to a CA (seed 004)." : "."));
        }
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(block.der());
        } catch (IOException | RuntimeException e) {
            throw new DomainProblem(ProblemType.INVALID_CSR, "\"csr\" is not a DER PKCS#10 certification request.");
        }
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC)
                    .build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            valid = false;
        }
        if (!valid) {
            throw new DomainProblem(ProblemType.CSR_SIGNATURE_INVALID, "The CSR's signature does not verify with the public key"
                    + " it carries (altered after signing, or signed with another key); nothing was issued.");
        }
        return new CertificateRequest(csr);
    }

    public X500Name subject() {
        return csr.getSubject();
    }

    public SubjectPublicKeyInfo publicKeyInfo() {
        return csr.getSubjectPublicKeyInfo();
    }

    /** The extensions of the CSR's extensionRequest attribute (PKCS#9), if it has one. */
    public Optional<Extensions> requestedExtensions() {
        for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (ASN1Encodable value : attribute.getAttributeValues()) {
                try {
                    return Optional.of(Extensions.getInstance(value));
                } catch (RuntimeException e) {
                    throw new DomainProblem(ProblemType.INVALID_CSR, "The CSR's extensionRequest attribute is not a list of"
                            + " X.509 extensions.");
                }
            }
        }
        return Optional.empty();
    }

    public Optional<Extension> requested(org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
        return requestedExtensions().map(e -> e.getExtension(oid));
    }
}
