package io.ucfleet.node.identity;

import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.ProfileExtensions;
import io.ucfleet.node.x509.SerialNumbers;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.keys.SigningKeyPair;

/**
 * Makes the self-signed identity certificates of a unit, for a new key pair of the unit's family
 * ({@link io.ucfleet.node.keys.KeyGeneration}): a subject in Cisco's order (CN, OU, O, L, ST, C),
 * the unit's key usage and extended key usage from {@link IdentityProfile}, SAN dNSName = node
 * FQDN, SHA-256 signature, 5 years.
 */
public final class SelfSignedIssuer {
    /** Validity of self-signed identities (foundation issue: 5 years, as Unified CM's defaults). */
    public static final int VALIDITY_YEARS = 5;

    private final SecureRandom random;

    public SelfSignedIssuer(SecureRandom random) {
        this.random = random;
    }

    public X509CertificateHolder selfSign(IdentityProfile profile, Node node, SigningKeyPair keyPair, Instant now) {
        return selfSign(profile, node, keyPair, now, List.of());
    }

    /** {@code alsoNamed}: SAN dNSNames after the FQDN (the XMPP domain, {@code SecuritySettings}). */
    public X509CertificateHolder selfSign(IdentityProfile profile, Node node, SigningKeyPair keyPair, Instant now,
            List<String> alsoNamed) {
        // Whole seconds: the GeneralizedTime rule of seed 002 forbids fractional seconds.
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        return selfSign(profile, node, keyPair, notBefore, notBefore.atZone(ZoneOffset.UTC).plusYears(VALIDITY_YEARS).toInstant(),
                alsoNamed);
    }

    /**
     * The same certificate issued as if {@link #VALIDITY_YEARS} before {@code notAfter}: what the
     * management API's "expiring" scenario installs (a certificate of years ago that expires soon).
     */
    public X509CertificateHolder selfSignExpiring(IdentityProfile profile, Node node, SigningKeyPair keyPair, Instant notAfter,
            List<String> alsoNamed) {
        Instant end = notAfter.truncatedTo(ChronoUnit.SECONDS);
        return selfSign(profile, node, keyPair, end.atZone(ZoneOffset.UTC).minusYears(VALIDITY_YEARS).toInstant(), end, alsoNamed);
    }

    private X509CertificateHolder selfSign(IdentityProfile profile, Node node, SigningKeyPair keyPair, Instant notBefore,
            Instant notAfter, List<String> alsoNamed) {
        X500Name subject = subject(profile, node);
        try {
            JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, SerialNumbers.random(random),
                    Date.from(notBefore), Date.from(notAfter), subject, keyPair.publicKey());
            for (Extension extension : ProfileExtensions.of(profile).extensions()) {
                builder.addExtension(extension);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    java.util.stream.Stream.concat(java.util.stream.Stream.of(node.fqdn()), alsoNamed.stream()).distinct()
                            .map(name -> new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new)));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensionUtils.createSubjectKeyIdentifier(keyPair.publicKey()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensionUtils.createAuthorityKeyIdentifier(keyPair.publicKey()));
            return builder.build(keyPair.privateKey().contentSigner(profile.keyAlgorithm.signatureAlgorithm()));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the " + profile.unit + " certificate", e);
        }
    }

    /** Cisco's subject order, CN first (as the real CTL in shared/vectors shows). */
    X500Name subject(IdentityProfile profile, Node node) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        name.addRDN(BCStyle.CN, commonName(profile, node));
        name.addRDN(BCStyle.OU, node.subject().organizationalUnit());
        name.addRDN(BCStyle.O, node.subject().organization());
        name.addRDN(BCStyle.L, node.subject().locality());
        name.addRDN(BCStyle.ST, node.subject().state());
        name.addRDN(BCStyle.C, node.subject().country());
        node.subject().email().ifPresent(email -> name.addRDN(BCStyle.EmailAddress, email));
        return name.build();
    }

    private String commonName(IdentityProfile profile, Node node) {
        return switch (profile.commonName) {
            case FQDN -> node.fqdn();
            case FQDN_EC -> ecName(node.fqdn());
            case ITLRECOVERY -> "ITLRECOVERY_" + node.fqdn();
            case CAPF -> {
                byte[] suffix = new byte[4];
                random.nextBytes(suffix);
                yield "CAPF-" + HexFormat.of().formatHex(suffix);
            }
        };
    }

    /** {@code host-EC.domain}: Cisco names the EC twin after the host with "-EC" appended. */
    static String ecName(String fqdn) {
        int dot = fqdn.indexOf('.');
        return dot < 0 ? fqdn + "-EC" : fqdn.substring(0, dot) + "-EC" + fqdn.substring(dot);
    }
}
