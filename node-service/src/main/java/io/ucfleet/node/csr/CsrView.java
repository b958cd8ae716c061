package io.ucfleet.node.csr;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import io.ucfleet.node.x509.Pem;

/** A pending CSR as the APIs show it: the PEM and what it asks for (public material only). */
public record CsrView(String unit, String distribution, String pem, String subject, String keyType, int keySize,
        String signatureAlgorithm, List<String> subjectAlternativeNames, Instant createdAt) {

    public static CsrView of(PendingCsr pending) {
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(pending.csrDer);
            List<String> san = new ArrayList<>();
            for (var attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
                GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
                if (names != null) {
                    for (GeneralName n : names.getNames()) {
                        san.add(n.getTagNo() == GeneralName.otherName ? io.ucfleet.node.x509.XmppNames.describe(n)
                                : n.getName().toString());
                    }
                }
            }
            return new CsrView(pending.unit, pending.distribution.id, pem(pending), csr.getSubject().toString(),
                    pending.algorithm, keySize(csr), new DefaultAlgorithmNameFinder().getAlgorithmName(csr.getSignatureAlgorithm()),
                    san, pending.createdAt);
        } catch (IOException e) {
            throw new IllegalStateException("stored CSR of " + pending.unit + " does not decode", e);
        }
    }

    private static int keySize(PKCS10CertificationRequest csr) {
        try {
            var key = java.security.KeyFactory.getInstance(csr.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm()
                    .equals(PKCSObjectIdentifiers.rsaEncryption) ? "RSA" : "EC")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded()));
            return key instanceof java.security.interfaces.RSAPublicKey rsa ? rsa.getModulus().bitLength()
                    : ((java.security.interfaces.ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException("stored CSR key does not decode", e);
        }
    }

    public static String pem(PendingCsr pending) {
        return Pem.encode("CERTIFICATE REQUEST", pending.csrDer);
    }
}
