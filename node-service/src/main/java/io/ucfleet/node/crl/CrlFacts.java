package io.ucfleet.node.crl;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HexFormat;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;

import io.ucfleet.node.x509.CertificateFacts;

/**
 * What the CRL management page lists of a CRL: issuer, this and next update, CRL number and the
 * number of entries. Counting walks the entry sequence without building an object per entry,
 * so a 100,000-entry CRL costs one pass.
 */
public record CrlFacts(String issuer, String issuerCommonName, Instant thisUpdate, Instant nextUpdate, String crlNumber,
        int entries, String sha256, byte[] der) {

    public static CrlFacts of(X509CRLHolder crl) {
        CertificateList list = crl.toASN1Structure();
        int entries = 0;
        Enumeration<?> e = list.getRevokedCertificateEnumeration();
        while (e.hasMoreElements()) {
            e.nextElement();
            entries++;
        }
        Extension number = crl.getExtension(Extension.cRLNumber);
        String crlNumber = null;
        if (number != null) {
            try {
                BigInteger n = ASN1Integer.getInstance(number.getParsedValue()).getValue();
                crlNumber = n.toString();
            } catch (RuntimeException malformed) {
                throw CrlFile.invalid("The CRL of \"" + crl.getIssuer() + "\" has a cRLNumber extension that is not an INTEGER.");
            }
        }
        byte[] der;
        try {
            der = crl.getEncoded();
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        return new CrlFacts(crl.getIssuer().toString(), CertificateFacts.commonName(crl.getIssuer()),
                crl.getThisUpdate().toInstant(), crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant(),
                crlNumber, entries, sha256(der), der);
    }

    /** RFC 5280: a CRL past its nextUpdate is stale; seed 004 treats every certificate of its CA as revoked then. */
    public boolean expiredAt(Instant now) {
        return nextUpdate != null && now.isAfter(nextUpdate);
    }

    static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
