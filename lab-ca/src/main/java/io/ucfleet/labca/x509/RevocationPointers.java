package io.ucfleet.labca.x509;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;

/**
 * The extensions every certificate below a root carries (seed 001: "an HTTP URL in the CDP or
 * AIA fields"): a CRL distribution point, authority information access (OCSP responder and
 * caIssuers), and the key identifiers that tie it to its issuer.
 */
public final class RevocationPointers {
    private RevocationPointers() {
    }

    /** Adds the extension, replacing one the builder has already (e.g. copied from a CSR). */
    public static void put(X509v3CertificateBuilder builder, org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical,
            org.bouncycastle.asn1.ASN1Encodable value) throws IOException {
        if (builder.hasExtension(oid)) {
            builder.replaceExtension(oid, critical, value);
        } else {
            builder.addExtension(oid, critical, value);
        }
    }

    public static void add(X509v3CertificateBuilder builder, SubjectPublicKeyInfo subjectKey, SubjectPublicKeyInfo issuerKey,
            String crlUrl, String ocspUrl, String caIssuersUrl) {
        BcX509ExtensionUtils utils = new BcX509ExtensionUtils();
        try {
            put(builder, Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            put(builder, Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
            GeneralName crl = new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl);
            put(builder, Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(new GeneralNames(crl)), null, null) }));
            put(builder, Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
                    new AccessDescription(AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier,
                            ocspUrl)),
                    new AccessDescription(AccessDescription.id_ad_caIssuers, new GeneralName(
                            GeneralName.uniformResourceIdentifier, caIssuersUrl)) }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
