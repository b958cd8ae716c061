package io.ucfleet.node.identity;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.keys.SigningKey;
import io.ucfleet.node.keys.SigningKeyPair;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.KeyAlgorithm;
import io.ucfleet.node.profile.ProfileExtensions;
import io.ucfleet.node.x509.SerialNumbers;

/**
 * Seed 004, X8.1+: the temporary CA a new installation ships with and the default server
 * certificate it issues. The CA is named as a real Expressway names its own ("Temporary CA"
 * and a UUID, so two nodes' CAs never share a subject); the server certificate has the unit's
 * subject, key usage and EKU (serverAuth + clientAuth, {@link IdentityProfile}) and the SAN of
 * {@link ServerNames}. Pure: the keys are handles and stay in {@code keys}.
 */
public final class TemporaryCaIssuer {
    /** Our choice: the CA outlives every default certificate it issues. */
    public static final int CA_VALIDITY_YEARS = 10;
    public static final KeyAlgorithm CA_KEY = KeyAlgorithm.RSA;
    public static final int CA_KEY_SIZE = 2048;

    private final SecureRandom random;

    public TemporaryCaIssuer(SecureRandom random) {
        this.random = random;
    }

    /** A new self-signed temporary CA for the key pair: CA:TRUE (critical), keyCertSign and cRLSign. */
    public X509CertificateHolder newCa(SigningKeyPair keyPair, Instant now) {
        String name = "Temporary CA " + UUID.randomUUID();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, name).addRDN(BCStyle.OU, name)
                .addRDN(BCStyle.CN, name).build();
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.atZone(ZoneOffset.UTC).plusYears(CA_VALIDITY_YEARS).toInstant();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, SerialNumbers.random(random),
                    Date.from(notBefore), Date.from(notAfter), subject, keyPair.publicKey());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keyPair.publicKey()));
            return builder.build(keyPair.privateKey().contentSigner(CA_KEY.signatureAlgorithm()));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the temporary CA", e);
        }
    }

    /**
     * The default certificate of {@code profile} for {@code publicKey}, issued by the CA: the
     * self-signed identities' subject and validity, cut at the CA's end so it never outlives it.
     */
    public X509CertificateHolder issue(IdentityProfile profile, Node node, PublicKey publicKey, List<String> sanNames,
            X509CertificateHolder ca, SigningKey caKey, Instant now) {
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.atZone(ZoneOffset.UTC).plusYears(SelfSignedIssuer.VALIDITY_YEARS).toInstant();
        if (notAfter.isAfter(ca.getNotAfter().toInstant())) {
            notAfter = ca.getNotAfter().toInstant();
        }
        BigInteger serial = SerialNumbers.random(random);
        X500Name subject = new SelfSignedIssuer(random).subject(profile, node);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.getSubject(), serial, Date.from(notBefore),
                    Date.from(notAfter), subject, publicKey);
            for (Extension extension : ProfileExtensions.of(profile).extensions()) {
                builder.addExtension(extension);
            }
            if (!sanNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sanNames.stream()
                        .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(
                    ca.getSubjectPublicKeyInfo()));
            return builder.build(caKey.contentSigner(CA_KEY.signatureAlgorithm()));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue the default " + profile.unit + " certificate", e);
        }
    }
}
