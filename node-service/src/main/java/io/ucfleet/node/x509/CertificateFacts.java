package io.ucfleet.node.x509;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import io.ucfleet.node.profile.ExtendedKeyUsage;
import io.ucfleet.node.profile.KeyUsageBit;

/**
 * The decoded fields of a certificate, as the certificate detail page shows them. Pure: reads
 * a {@link X509CertificateHolder}, needs no node state.
 */
public record CertificateFacts(
        String subject,
        String commonName,
        String issuer,
        String issuerCommonName,
        String serialNumber,
        Instant notBefore,
        Instant notAfter,
        String keyType,
        int keySize,
        String curve,
        String signatureAlgorithm,
        List<String> keyUsage,
        List<String> extendedKeyUsage,
        List<String> subjectAlternativeNames,
        Boolean certificateAuthority,
        String sha1,
        String sha256) {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final DefaultAlgorithmNameFinder ALGORITHM_NAMES = new DefaultAlgorithmNameFinder();

    public static CertificateFacts of(X509CertificateHolder holder) {
        byte[] der = encoded(holder);
        SubjectPublicKeyInfo spki = holder.getSubjectPublicKeyInfo();
        ASN1ObjectIdentifier keyAlgorithm = spki.getAlgorithm().getAlgorithm();
        String keyType;
        int keySize;
        String curve = null;
        if (PKCSObjectIdentifiers.rsaEncryption.equals(keyAlgorithm) || PKCSObjectIdentifiers.id_RSASSA_PSS.equals(keyAlgorithm)) {
            keyType = "RSA";
            keySize = rsaModulusBits(spki);
        } else if (X9ObjectIdentifiers.id_ecPublicKey.equals(keyAlgorithm)) {
            keyType = "EC";
            var parameters = spki.getAlgorithm().getParameters();
            if (parameters instanceof ASN1ObjectIdentifier curveOid) {
                X9ECParameters named = ECNamedCurveTable.getByOID(curveOid);
                keySize = named == null ? 0 : named.getCurve().getFieldSize();
                curve = Optional.ofNullable(ECNamedCurveTable.getName(curveOid)).orElse(curveOid.getId());
            } else {
                // Explicit curve parameters (rare, and refused by most TLS stacks): size from the field.
                keySize = explicitCurveBits(parameters);
                curve = "explicit";
            }
        } else if (X9ObjectIdentifiers.id_dsa.equals(keyAlgorithm)) {
            keyType = "DSA";
            keySize = dsaPrimeBits(spki);
        } else {
            keyType = ALGORITHM_NAMES.getAlgorithmName(keyAlgorithm);
            keySize = 0;
        }
        Extensions extensions = holder.getExtensions();
        return new CertificateFacts(
                storable(holder.getSubject().toString()),
                storable(commonName(holder.getSubject())),
                storable(holder.getIssuer().toString()),
                storable(commonName(holder.getIssuer())),
                serialHex(holder.getSerialNumber()),
                holder.getNotBefore().toInstant(),
                holder.getNotAfter().toInstant(),
                keyType,
                keySize,
                curve,
                ALGORITHM_NAMES.getAlgorithmName(holder.getSignatureAlgorithm()),
                keyUsage(extensions),
                extendedKeyUsage(extensions),
                subjectAlternativeNames(extensions),
                basicConstraints(extensions),
                Fingerprint.sha1(der),
                Fingerprint.sha256(der));
    }

    public boolean expiredAt(Instant now) {
        return expired(notAfter, now);
    }

    /** Expired: the end of validity has passed. */
    public static boolean expired(Instant notAfter, Instant now) {
        return notAfter.isBefore(now);
    }

    /** The subject CN; the whole subject when it has none. */
    public static String commonName(X500Name name) {
        RDN[] rdns = name.getRDNs(BCStyle.CN);
        if (rdns.length == 0) {
            return name.toString();
        }
        return rdns[0].getFirst().getValue() instanceof ASN1String s ? s.getString()
                : rdns[0].getFirst().getValue().toString();
    }

    /** Issued by itself: subject equals issuer and its own key verifies its signature. */
    public static boolean isSelfSigned(X509CertificateHolder holder) {
        return holder.getSubject().equals(holder.getIssuer()) && isSignedBy(holder, holder.getSubjectPublicKeyInfo());
    }

    /** Whether {@code issuerKey} verifies the signature of {@code holder}. */
    public static boolean isSignedBy(X509CertificateHolder holder, SubjectPublicKeyInfo issuerKey) {
        try {
            return holder.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(issuerKey));
        } catch (OperatorCreationException | org.bouncycastle.cert.CertException | RuntimeException e) {
            return false;
        }
    }

    public static byte[] encoded(X509CertificateHolder holder) {
        try {
            return holder.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Colon-free upper-case hex, as CUCM shows serial numbers. */
    public static String serialHex(BigInteger serial) {
        return serial.toString(16).toUpperCase(java.util.Locale.ROOT);
    }

    private static int explicitCurveBits(org.bouncycastle.asn1.ASN1Encodable parameters) {
        try {
            return parameters instanceof org.bouncycastle.asn1.ASN1Sequence sequence
                    ? X9ECParameters.getInstance(sequence).getCurve().getFieldSize() : 0;
        } catch (RuntimeException malformed) {
            return 0;
        }
    }

    private static int dsaPrimeBits(SubjectPublicKeyInfo spki) {
        try {
            return org.bouncycastle.asn1.x509.DSAParameter.getInstance(spki.getAlgorithm().getParameters()).getP().bitLength();
        } catch (RuntimeException noParameters) {
            return 0;
        }
    }

    /** PostgreSQL text cannot hold NUL, which a hostile DN may carry: shown as U+FFFD instead. */
    static String storable(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    private static int rsaModulusBits(SubjectPublicKeyInfo spki) {
        try {
            return RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus().bitLength();
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> keyUsage(Extensions extensions) {
        KeyUsage usage = extensions == null ? null : KeyUsage.fromExtensions(extensions);
        if (usage == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (KeyUsageBit bit : KeyUsageBit.values()) {
            if (usage.hasUsages(bit.mask)) {
                names.add(bit.rfcName);
            }
        }
        // Bits the Cisco tables do not name still show, with their RFC 5280 names.
        int[] otherMasks = {KeyUsage.nonRepudiation, KeyUsage.cRLSign, KeyUsage.encipherOnly, KeyUsage.decipherOnly};
        String[] otherNames = {"nonRepudiation", "cRLSign", "encipherOnly", "decipherOnly"};
        for (int i = 0; i < otherMasks.length; i++) {
            if (usage.hasUsages(otherMasks[i])) {
                names.add(otherNames[i]);
            }
        }
        return names;
    }

    private static List<String> extendedKeyUsage(Extensions extensions) {
        org.bouncycastle.asn1.x509.ExtendedKeyUsage eku = extensions == null ? null
                : org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(extensions);
        if (eku == null) {
            return List.of();
        }
        return Arrays.stream(eku.getUsages()).map(CertificateFacts::ekuName).toList();
    }

    private static String ekuName(KeyPurposeId purpose) {
        for (ExtendedKeyUsage known : ExtendedKeyUsage.values()) {
            if (known.purpose.equals(purpose)) {
                return known.rfcName;
            }
        }
        return purpose.getId();
    }

    private static List<String> subjectAlternativeNames(Extensions extensions) {
        GeneralNames names = extensions == null ? null : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        if (names == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (GeneralName name : names.getNames()) {
            result.add(switch (name.getTagNo()) {
                case GeneralName.dNSName -> "DNS:" + DERIA5String.getInstance(name.getName()).getString();
                case GeneralName.iPAddress -> "IP:" + ipAddress(name);
                case GeneralName.uniformResourceIdentifier -> "URI:" + DERIA5String.getInstance(name.getName()).getString();
                case GeneralName.rfc822Name -> "email:" + DERIA5String.getInstance(name.getName()).getString();
                case GeneralName.directoryName -> "DirName:" + X500Name.getInstance(name.getName());
                case GeneralName.otherName -> XmppNames.describe(name);
                default -> "othername:" + name.getName();
            });
        }
        return result;
    }

    private static String ipAddress(GeneralName name) {
        byte[] octets = org.bouncycastle.asn1.ASN1OctetString.getInstance(name.getName()).getOctets();
        try {
            return java.net.InetAddress.getByAddress(octets).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return java.util.HexFormat.of().formatHex(octets);
        }
    }

    private static Boolean basicConstraints(Extensions extensions) {
        BasicConstraints constraints = extensions == null ? null : BasicConstraints.fromExtensions(extensions);
        return constraints == null ? null : constraints.isCA();
    }
}
