package io.ucfleet.node.capf;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import io.ucfleet.platform.problem.ProblemBody;

/**
 * What CAPF issues an LSC for, as a real CAPF does: a phone's request, so the subject is one CN
 * {@code SEP<MAC>} (12 hexadecimal digits, the device name Unified CM knows the phone by), and a
 * key a phone security profile offers: RSA 2048, 3072 or 4096 bits, or EC P-256, P-384 or P-521
 * (our reading of the profile's "Key Order"/"Key Size" choices; RSA 1024 is refused, as CAPF on
 * Unified CM 12.5 and later no longer issues it). Pure: one method per rule, each answering why
 * a request breaks it.
 */
public final class LscRequestRules {
    static final Pattern DEVICE_NAME = Pattern.compile("SEP[0-9A-Fa-f]{12}");
    static final Set<Integer> RSA_BITS = Set.of(2048, 3072, 4096);
    static final List<ASN1ObjectIdentifier> CURVES = List.of(SECObjectIdentifiers.secp256r1, SECObjectIdentifiers.secp384r1,
            SECObjectIdentifiers.secp521r1);

    private LscRequestRules() {
    }

    /** Why the subject is not a phone's, or empty. */
    public static Optional<String> subject(X500Name subject) {
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        if (cns.length == 0) {
            return Optional.of("The CSR subject has no CN; a phone sends CN=SEP<MAC> (12 hexadecimal digits).");
        }
        if (cns.length > 1 || cns[0].isMultiValued()) {
            return Optional.of("The CSR subject has more than one CN; a phone sends exactly one, CN=SEP<MAC>.");
        }
        String cn = IETFUtils.valueToString(cns[0].getFirst().getValue());
        if (!DEVICE_NAME.matcher(cn).matches()) {
            return Optional.of("The CSR's CN " + ProblemBody.quote(cn) + " is not a phone's device name; CAPF issues"
                    + " LSCs only for CN=SEP<MAC> (SEP and 12 hexadecimal digits, e.g. SEP00AB12CD34EF).");
        }
        return Optional.empty();
    }

    /** Why the key is not one CAPF issues for, or empty. */
    public static Optional<String> key(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        try {
            if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
                BigInteger modulus = RSAPublicKey.getInstance(key.parsePublicKey()).getModulus();
                int bits = modulus.bitLength();
                return RSA_BITS.contains(bits) ? Optional.empty() : Optional.of("The CSR has a " + bits
                        + "-bit RSA key; CAPF issues LSCs for RSA 2048, 3072 or 4096 bits, or EC P-256, P-384, P-521.");
            }
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
                var parameters = key.getAlgorithm().getParameters();
                if (parameters instanceof ASN1ObjectIdentifier curve && CURVES.contains(curve)) {
                    return Optional.empty();
                }
                return Optional.of("The CSR's EC key is not on P-256, P-384 or P-521; CAPF issues LSCs for those"
                        + " curves and for RSA 2048, 3072 or 4096 bits.");
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.of("The CSR's public key cannot be read.");
        }
        return Optional.of("The CSR's key algorithm " + algorithm.getId() + " is not RSA or EC; CAPF issues LSCs for RSA"
                + " 2048, 3072 or 4096 bits and EC P-256, P-384, P-521.");
    }
}
