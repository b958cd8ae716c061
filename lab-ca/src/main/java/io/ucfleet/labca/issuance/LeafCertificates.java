package io.ucfleet.labca.issuance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;

import io.ucfleet.labca.keys.CaKey;
import io.ucfleet.labca.x509.CertificateRequest;
import io.ucfleet.labca.x509.RevocationPointers;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** Builds a leaf from a CSR and a profile (pure): the profile's extensions, then the lab's CDP, AIA and key identifiers. */
final class LeafCertificates {
    /** Set by the CA for every certificate, whatever the CSR asks. */
    private static final Set<ASN1ObjectIdentifier> CA_OWNED = Set.of(Extension.subjectKeyIdentifier,
            Extension.authorityKeyIdentifier, Extension.cRLDistributionPoints, Extension.authorityInfoAccess);
    private static final String DNS_NAME = "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*";

    private LeafCertificates() {
    }

    record Pointers(String crl, String ocsp, String caIssuers) {
    }

    static X509CertificateHolder build(CertificateRequest csr, Profile profile, Validity validity, BigInteger serial,
            X509CertificateHolder issuer, CaKey issuerKey, Pointers pointers, List<String> warnings) {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer.getSubject(), serial, Date.from(validity.notBefore()),
                Date.from(validity.notAfter()), csr.subject(), csr.publicKeyInfo());
        try {
            switch (profile) {
                case COPY_EXTENSIONS -> copyExtensions(csr, b, warnings);
                case PUBLIC_CA -> publicCa(csr, b, warnings);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RevocationPointers.add(b, csr.publicKeyInfo(), issuer.getSubjectPublicKeyInfo(), pointers.crl(), pointers.ocsp(),
                pointers.caIssuers());
        return b.build(issuerKey.signer());
    }

    private static void copyExtensions(CertificateRequest csr, X509v3CertificateBuilder b, List<String> warnings)
            throws IOException {
        Optional<Extensions> requested = csr.requestedExtensions();
        if (requested.isEmpty() || requested.get().getExtensionOIDs().length == 0) {
            warnings.add("The CSR requests no extensions: the certificate has no key usage or extended key usage, which"
                    + " RFC 5280 reads as unrestricted.");
        }
        for (ASN1ObjectIdentifier oid : requested.map(Extensions::getExtensionOIDs).orElse(new ASN1ObjectIdentifier[0])) {
            if (CA_OWNED.contains(oid)) {
                warnings.add("The CSR's " + oid.getId() + " extension was replaced by the CA's own.");
                continue;
            }
            b.addExtension(requested.get().getExtension(oid));
        }
        if (!b.hasExtension(Extension.basicConstraints)) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        } else if (BasicConstraints.getInstance(b.getExtension(Extension.basicConstraints).getParsedValue()).isCA()) {
            warnings.add("The CSR asks for basicConstraints CA:TRUE and copy-extensions keeps it: the certificate can issue"
                    + " certificates (as a CAPF certificate must).");
        }
    }

    private static void publicCa(CertificateRequest csr, X509v3CertificateBuilder b, List<String> warnings) throws IOException {
        boolean ec = csr.publicKeyInfo().getAlgorithm().getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ec ? KeyUsage.digitalSignature
                : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
        Optional<Extensions> requested = csr.requestedExtensions();
        GeneralNames san = requested.map(e -> GeneralNames.fromExtensions(e, Extension.subjectAlternativeName)).orElse(null);
        if (san == null) {
            RDN[] cns = csr.subject().getRDNs(BCStyle.CN);
            String cn = cns.length == 0 ? "" : IETFUtils.valueToString(cns[0].getFirst().getValue());
            if (!cn.matches(DNS_NAME) || !cn.contains(".")) {
                throw new DomainProblem(ProblemType.INVALID_CSR, "The public-ca profile needs a DNS name: the CSR has no"
                        + " subjectAltName and its CN is not a host name.");
            }
            san = new GeneralNames(new GeneralName(GeneralName.dNSName, cn));
            warnings.add("The CSR has no subjectAltName: its CN " + cn + " became the one dNSName, as public CAs do.");
        }
        b.addExtension(Extension.subjectAlternativeName, csr.subject().getRDNs().length == 0, san);
        List<String> dropped = new ArrayList<>();
        for (ASN1ObjectIdentifier oid : requested.map(Extensions::getExtensionOIDs).orElse(new ASN1ObjectIdentifier[0])) {
            if (!oid.equals(Extension.subjectAlternativeName) && !CA_OWNED.contains(oid)) {
                dropped.add(name(oid));
            }
        }
        if (!dropped.isEmpty()) {
            warnings.add("The public-ca profile sets its own usages; not copied from the CSR: " + String.join(", ", dropped)
                    + ".");
        }
        if (ec) {
            warnings.add("EC key: keyUsage is digitalSignature only (RFC 8813: keyEncipherment must not be set for EC keys).");
        }
    }

    private static String name(ASN1ObjectIdentifier oid) {
        if (oid.equals(Extension.keyUsage)) {
            return "keyUsage";
        }
        if (oid.equals(Extension.extendedKeyUsage)) {
            return "extendedKeyUsage";
        }
        if (oid.equals(Extension.basicConstraints)) {
            return "basicConstraints";
        }
        return oid.getId();
    }
}
