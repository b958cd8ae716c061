package io.ucfleet.node.profile;

import java.util.List;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The constraint extensions a profile puts in what it issues or requests: basicConstraints,
 * keyUsage (critical) and extendedKeyUsage. The one place they are built, for self-signed
 * identities and CSRs (from the unit's row of {@link IdentityProfile}) and for the LSCs CAPF
 * issues to phones.
 */
public record ProfileExtensions(boolean certificateAuthority, boolean criticalBasicConstraints, int keyUsageMask,
        List<KeyPurposeId> extendedKeyUsages) {

    /** What CAPF issues a phone: an end entity that authenticates as a TLS client. */
    public static final ProfileExtensions LSC = new ProfileExtensions(false, true,
            KeyUsage.digitalSignature | KeyUsage.keyEncipherment, List.of(KeyPurposeId.id_kp_clientAuth));

    /** The unit's row: a CA marks its basic constraint critical (RFC 5280 4.2.1.9), an end entity does not. */
    public static ProfileExtensions of(IdentityProfile profile) {
        return new ProfileExtensions(profile.certificateAuthority, profile.certificateAuthority, profile.keyUsageMask(),
                profile.extendedKeyUsages.stream().sorted().map(e -> e.purpose).toList());
    }

    public List<Extension> extensions() {
        try {
            return List.of(
                    new Extension(Extension.basicConstraints, criticalBasicConstraints,
                            new BasicConstraints(certificateAuthority).getEncoded()),
                    new Extension(Extension.keyUsage, true, new KeyUsage(keyUsageMask).getEncoded()),
                    new Extension(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
                            extendedKeyUsages.toArray(KeyPurposeId[]::new)).getEncoded()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode the profile's extensions", e);
        }
    }
}
