package io.ucfleet.node.csr;

import java.io.IOException;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import io.ucfleet.node.keys.SigningKeyPair;
import io.ucfleet.node.profile.ProfileExtensions;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Encodes a {@link CsrPlan} as PKCS#10. The extensionRequest attribute carries exactly the key
 * usage and extended key usage of the unit's row of {@code IdentityProfile} (the same mask and
 * list the self-signed certificates use), the basic constraint, and the SAN dNSNames, so that
 * {@code openssl ca} with {@code copy_extensions = copy} issues a certificate with the right bits.
 */
public final class CsrBuilder {
    private CsrBuilder() {
    }

    public static PKCS10CertificationRequest build(CsrPlan plan, SigningKeyPair keyPair) {
        try {
            var profile = plan.profile();
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            for (Extension extension : ProfileExtensions.of(profile).extensions()) {
                extensions.addExtension(extension);
            }
            java.util.List<GeneralName> san = new java.util.ArrayList<>();
            plan.dnsNames().forEach(n -> san.add(new GeneralName(GeneralName.dNSName, n)));
            plan.xmppAddrs().forEach(n -> san.add(io.ucfleet.node.x509.XmppNames.xmppAddr(n)));
            plan.srvNames().forEach(n -> san.add(io.ucfleet.node.x509.XmppNames.srvName(n)));
            if (!san.isEmpty()) {
                extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
            }
            return new JcaPKCS10CertificationRequestBuilder(subject(plan.subject()), keyPair.publicKey())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(keyPair.privateKey().contentSigner(plan.hash().signatureAlgorithm(plan.keyType())));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build the " + plan.profile().unit + " CSR", e);
        }
    }

    /** Cisco's order, CN first (as the self-signed certificates). */
    static X500Name subject(CsrPlan.Subject s) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        add(name, BCStyle.CN, s.commonName());
        add(name, BCStyle.OU, s.organizationalUnit());
        add(name, BCStyle.O, s.organization());
        add(name, BCStyle.L, s.locality());
        add(name, BCStyle.ST, s.state());
        add(name, BCStyle.C, s.country());
        add(name, BCStyle.EmailAddress, s.email());
        return name.build();
    }

    private static void add(X500NameBuilder name, org.bouncycastle.asn1.ASN1ObjectIdentifier type, String value) {
        if (value != null && !value.isBlank()) {
            name.addRDN(type, value);
        }
    }
}
