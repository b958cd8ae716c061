package io.ucfleet.platform.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Certificates the lab CA will not make (the lab CA always writes its own CDP/AIA and well-formed
 * times): SRVName/xmppAddr SANs, raw ASN.1 times (GeneralizedTime before 2050), revocation URLs
 * pointing at misbehaving servers. RSA, signed SHA256withRSA by a test CA built here. In
 * platform's test-jar: lab-ca's client tests use it too.
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());
    public static final String XMPP_ADDR = "1.3.6.1.5.5.7.8.5";
    public static final String SRV_NAME = "1.3.6.1.5.5.7.8.7";

    private TestPki() {
    }

    public record Issued(KeyPair key, X509Certificate certificate) {
        public String pem() {
            return TestPki.pem("CERTIFICATE", der());
        }

        public String keyPem() {
            return TestPki.pem("PRIVATE KEY", key.getPrivate().getEncoded());
        }

        public byte[] der() {
            try {
                return certificate.getEncoded();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /** What a leaf carries; every field optional but {@code cn}. */
    public static final class Spec {
        String cn;
        final List<GeneralName> sans = new ArrayList<>();
        String crlUrl;
        String ocspUrl;
        String rawNotBefore;
        Instant notBefore = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        int keyBits = 2048;

        public static Spec cn(String cn) {
            Spec s = new Spec();
            s.cn = cn;
            return s;
        }

        public Spec dns(String... names) {
            for (String n : names) {
                sans.add(new GeneralName(GeneralName.dNSName, n));
            }
            return this;
        }

        public Spec ip(String ip) {
            sans.add(new GeneralName(GeneralName.iPAddress, ip));
            return this;
        }

        public Spec xmppAddr(String value) {
            return other(XMPP_ADDR, new DERUTF8String(value));
        }

        public Spec srvName(String value) {
            return other(SRV_NAME, new DERIA5String(value));
        }

        private Spec other(String oid, org.bouncycastle.asn1.ASN1Encodable value) {
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(new ASN1ObjectIdentifier(oid));
            v.add(new DERTaggedObject(true, 0, value));
            sans.add(new GeneralName(GeneralName.otherName, new DERSequence(v)));
            return this;
        }

        public Spec crl(String url) {
            crlUrl = url;
            return this;
        }

        public Spec ocsp(String url) {
            ocspUrl = url;
            return this;
        }

        /** notBefore encoded as GeneralizedTime with this text verbatim, e.g. {@code 20250101000000Z}. */
        public Spec generalizedNotBefore(String text) {
            rawNotBefore = text;
            return this;
        }

        public Spec validity(Instant from, Instant to) {
            notBefore = from;
            notAfter = to;
            return this;
        }

        public Spec keyBits(int bits) {
            keyBits = bits;
            return this;
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static Issued ca(String cn) {
        KeyPair key = rsa(2048);
        ExtensionsGenerator ext = new ExtensionsGenerator();
        try {
            ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return build(new X500Name("CN=" + cn + ",O=ucfleet test"), new X500Name("CN=" + cn + ",O=ucfleet test"), key,
                key, new Time(Date.from(now.minus(1, ChronoUnit.DAYS))), new Time(Date.from(now.plus(3650, ChronoUnit.DAYS))),
                ext);
    }

    public static Issued leaf(Issued ca, Spec spec) {
        KeyPair key = rsa(spec.keyBits);
        ExtensionsGenerator ext = new ExtensionsGenerator();
        try {
            ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            ext.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
            if (!spec.sans.isEmpty()) {
                ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(spec.sans.toArray(GeneralName[]::new)));
            }
            if (spec.crlUrl != null) {
                ext.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(
                                GeneralName.uniformResourceIdentifier, spec.crlUrl))), null, null) }));
            }
            if (spec.ocspUrl != null) {
                ext.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription(
                        AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, spec.ocspUrl))));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Time notBefore;
        try {
            if (spec.rawNotBefore != null) {
                byte[] raw = spec.rawNotBefore.getBytes(StandardCharsets.US_ASCII);
                byte[] encoded = new byte[raw.length + 2];
                encoded[0] = 0x18;
                encoded[1] = (byte) raw.length;
                System.arraycopy(raw, 0, encoded, 2, raw.length);
                notBefore = Time.getInstance(ASN1Primitive.fromByteArray(encoded));
            } else {
                notBefore = new Time(Date.from(spec.notBefore));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        return build(issuer, new X500Name("CN=" + spec.cn), key, ca.key(), notBefore, new Time(Date.from(spec.notAfter)), ext);
    }

    private static Issued build(X500Name issuer, X500Name subject, KeyPair key, KeyPair signer, Time notBefore, Time notAfter,
            ExtensionsGenerator ext) {
        try {
            AlgorithmIdentifier algorithm = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withRSA");
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            tbs.setSerialNumber(new ASN1Integer(BigInteger.valueOf(SERIAL.incrementAndGet())));
            tbs.setSignature(algorithm);
            tbs.setIssuer(issuer);
            tbs.setSubject(subject);
            tbs.setStartDate(notBefore);
            tbs.setEndDate(notAfter);
            tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()));
            tbs.setExtensions(ext.generate());
            TBSCertificate tbsCertificate = tbs.generateTBSCertificate();
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(signer.getPrivate());
            signature.update(tbsCertificate.getEncoded());
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(tbsCertificate);
            v.add(algorithm);
            v.add(new DERBitString(signature.sign()));
            byte[] der = Certificate.getInstance(new DERSequence(v)).getEncoded();
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(der));
            return new Issued(key, c);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
