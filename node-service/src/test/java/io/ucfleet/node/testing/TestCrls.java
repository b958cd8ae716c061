package io.ucfleet.node.testing;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.ucfleet.node.x509.Pem;

/** CRLs made with BouncyCastle for tests: an issuer, its times, the revoked serials. */
public final class TestCrls {
    private TestCrls() {
    }

    /** {@code nextUpdate} may be null (none). Each serial is revoked at {@code thisUpdate}, reason keyCompromise. */
    public static X509CRLHolder crl(TestCertificates.Issued ca, Instant thisUpdate, Instant nextUpdate, long crlNumber,
            List<BigInteger> revoked) {
        return crl(ca, thisUpdate, nextUpdate, crlNumber, revoked, true);
    }

    /** As above; without reasons the entries are smallest (a 100,000-entry CRL then fits the 4 MB body limit as PEM). */
    public static X509CRLHolder crl(TestCertificates.Issued ca, Instant thisUpdate, Instant nextUpdate, long crlNumber,
            List<BigInteger> revoked, boolean withReasons) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(ca.certificate().getSubject(), Date.from(thisUpdate));
            if (nextUpdate != null) {
                builder.setNextUpdate(Date.from(nextUpdate));
            }
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(crlNumber)));
            Date at = Date.from(thisUpdate);
            for (BigInteger serial : revoked) {
                if (withReasons) {
                    builder.addCRLEntry(serial, at, CRLReason.keyCompromise);
                } else {
                    builder.addCRLEntry(serial, at, null);
                }
            }
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.keyPair().getPrivate()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static byte[] der(X509CRLHolder crl) {
        try {
            return crl.getEncoded();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    public static String pem(X509CRLHolder crl) {
        return Pem.encode("X509 CRL", der(crl));
    }
}
