package io.ucfleet.node.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.ucfleet.node.x509.Pem;

/**
 * Certificates the tests need that openssl will not make: expired ones, and ones whose times
 * break the GeneralizedTime rule (fractional seconds, no seconds, not GMT).
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private TestCertificates() {
    }

    public record Issued(KeyPair keyPair, X509CertificateHolder certificate) {
        public String pem() {
            try {
                return Pem.certificate(certificate.getEncoded());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }

        public byte[] der() {
            try {
                return certificate.getEncoded();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    public static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static Issued selfSignedCa(String cn, Instant notBefore, Instant notAfter) {
        KeyPair key = ecKey();
        // Built from RDNs, not parsed: BouncyCastle's parser refuses CNs over 64 characters,
        // and the tests need such certificates (other CAs make them).
        X500Name name = new X500Name(new org.bouncycastle.asn1.x500.RDN[] {
                new org.bouncycastle.asn1.x500.RDN(org.bouncycastle.asn1.x500.style.BCStyle.CN,
                        new org.bouncycastle.asn1.DERUTF8String(cn)),
                new org.bouncycastle.asn1.x500.RDN(org.bouncycastle.asn1.x500.style.BCStyle.O,
                        new org.bouncycastle.asn1.DERUTF8String("ucfleet tests"))});
        try {
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), name, key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Issued(key, builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static Issued selfSignedCa(String cn) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return selfSignedCa(cn, now.minus(1, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS));
    }

    /** An EC certificate for {@code cn} signed by {@code issuer}: a CA or not, with an optional SAN entry, valid a year. */
    public static Issued issuedBy(Issued issuer, String cn, boolean ca, org.bouncycastle.asn1.x509.GeneralName san) {
        return issuedBy(issuer, cn, ca, san, BigInteger.valueOf(SERIAL.incrementAndGet()));
    }

    /** As above, with the serial number given (a CRL test revokes it, or not). */
    public static Issued issuedBy(Issued issuer, String cn, boolean ca, org.bouncycastle.asn1.x509.GeneralName san,
            BigInteger serial) {
        KeyPair key = ecKey();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try {
            var builder = new JcaX509v3CertificateBuilder(issuer.certificate().getSubject(), serial,
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(365, ChronoUnit.DAYS)), new X500Name("CN=" + cn),
                    key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (san != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, new org.bouncycastle.asn1.x509.GeneralNames(san));
            }
            return new Issued(key, builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keyPair().getPrivate())));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A self-signed CA whose notBefore is encoded as the given raw ASN.1 time: {@code utc} picks
     * UTCTime (tag 0x17) or GeneralizedTime (0x18); {@code text} is put in verbatim.
     */
    public static Issued withRawNotBefore(String cn, boolean utc, String text) {
        KeyPair key = ecKey();
        X500Name name = new X500Name("CN=" + cn);
        try {
            byte[] raw = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] encoded = new byte[raw.length + 2];
            encoded[0] = (byte) (utc ? 0x17 : 0x18);
            encoded[1] = (byte) raw.length;
            System.arraycopy(raw, 0, encoded, 2, raw.length);
            Time notBefore = Time.getInstance(ASN1Primitive.fromByteArray(encoded));
            AlgorithmIdentifier algorithm = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            tbs.setSerialNumber(new org.bouncycastle.asn1.ASN1Integer(SERIAL.incrementAndGet()));
            tbs.setSignature(algorithm);
            tbs.setIssuer(name);
            tbs.setSubject(name);
            tbs.setStartDate(notBefore);
            tbs.setEndDate(new Time(Date.from(Instant.now().plus(3650, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS))));
            tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()));
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            tbs.setExtensions(extensions.generate());
            TBSCertificate tbsCertificate = tbs.generateTBSCertificate();
            byte[] signature = sign(key.getPrivate(), tbsCertificate.getEncoded());
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(tbsCertificate);
            v.add(algorithm);
            v.add(new DERBitString(signature));
            return new Issued(key, new X509CertificateHolder(Certificate.getInstance(new DERSequence(v))));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A certificate for a CSR's key and requested extensions, issued by {@code ca}, whose
     * notBefore is the given raw GeneralizedTime text (e.g. with fractional seconds): what a CA
     * breaking seed 002's time rule would return.
     */
    public static X509CertificateHolder signedWithRawNotBefore(Issued ca, String csrPem, String text) {
        try {
            var reader = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(csrPem));
            var csr = (org.bouncycastle.pkcs.PKCS10CertificationRequest) reader.readObject();
            byte[] raw = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] encoded = new byte[raw.length + 2];
            encoded[0] = 0x18;
            encoded[1] = (byte) raw.length;
            System.arraycopy(raw, 0, encoded, 2, raw.length);
            AlgorithmIdentifier algorithm = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            tbs.setSerialNumber(new org.bouncycastle.asn1.ASN1Integer(SERIAL.incrementAndGet()));
            tbs.setSignature(algorithm);
            tbs.setIssuer(ca.certificate().getSubject());
            tbs.setSubject(csr.getSubject());
            tbs.setStartDate(Time.getInstance(ASN1Primitive.fromByteArray(encoded)));
            tbs.setEndDate(new Time(Date.from(Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS))));
            tbs.setSubjectPublicKeyInfo(csr.getSubjectPublicKeyInfo());
            tbs.setExtensions(csr.getRequestedExtensions());
            TBSCertificate tbsCertificate = tbs.generateTBSCertificate();
            byte[] signature = sign(ca.keyPair().getPrivate(), tbsCertificate.getEncoded());
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(tbsCertificate);
            v.add(algorithm);
            v.add(new DERBitString(signature));
            return new X509CertificateHolder(Certificate.getInstance(new DERSequence(v)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] sign(PrivateKey key, byte[] data) throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
    }

}
