package io.ucfleet.labca.authority;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;

import io.ucfleet.labca.keys.CaKey;
import io.ucfleet.labca.x509.RevocationPointers;

/**
 * The CA certificates of a hierarchy (pure). Root: self-signed, basicConstraints CA:TRUE and
 * keyUsage keyCertSign + cRLSign, both critical, no CDP or AIA (nobody revokes a root). Intermediate:
 * issued by the root, CA:TRUE with pathLen 0, keyUsage digitalSignature (it signs its OCSP
 * answers) + keyCertSign + cRLSign, the root's CRL distribution point and AIA.
 */
final class CaCertificates {
    /** CA certificates start this long before "now", so a client a little behind still accepts them. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private CaCertificates() {
    }

    static X500Name subject(String organization, String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, organization).addRDN(BCStyle.CN, commonName).build();
    }

    static X509CertificateHolder root(X500Name subject, CaKey key, BigInteger serial, Instant now, Duration validity) {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(subject, serial, Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(validity)), subject, key.publicKeyInfo());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new BcX509ExtensionUtils().createSubjectKeyIdentifier(key.publicKeyInfo()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.build(key.signer());
    }

    static X509CertificateHolder intermediate(X500Name subject, CaKey key, X509CertificateHolder root, CaKey rootKey,
            BigInteger serial, Instant now, Duration validity, String rootCrl, String ocsp, String rootCaIssuers) {
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(root.getNotAfter().toInstant())) {
            notAfter = root.getNotAfter().toInstant();
        }
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(root.getSubject(), serial, Date.from(now.minus(BACKDATE)),
                Date.from(notAfter), subject, key.publicKeyInfo());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RevocationPointers.add(b, key.publicKeyInfo(), root.getSubjectPublicKeyInfo(), rootCrl, ocsp, rootCaIssuers);
        return b.build(rootKey.signer());
    }
}
