package io.ucfleet.platform.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * The certificates of ucfleet's own services (cluster-sync, ctl-service, lab-ca), which are no
 * Cisco nodes and so are verified the standard way for internal services: by a <em>fleet
 * services CA</em> (README, "HTTPS (cluster-sync, ctl-service, lab-ca)"). The launcher and
 * {@code deploy/k8s/secrets/generate} make the CA ({@link #newCa}) and issue each service a
 * server certificate for the names it is reached by ({@link #issue}); a service started without
 * one makes itself a self-signed certificate ({@link #ensureSelfSigned}) so it still serves HTTPS.
 * EC P-256, SHA-256; PEM files, the key as unencrypted PKCS#8 with mode 600.
 */
public final class ServiceCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What a service certificate is valid for; the launcher issues a new one when {@link #stillValid} says so. */
    public static final Duration SERVICE_VALIDITY = Duration.ofDays(398);
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);

    /** A CA's or a service's certificate with its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
        public String certificatePem() {
            return pem(certificate);
        }

        public String keyPem() {
            return pem(key);
        }

        /** Writes the key (mode 600) then the certificate, each atomically. */
        public void write(Path certificateFile, Path keyFile) {
            writeFile(keyFile, keyPem(), true);
            writeFile(certificateFile, certificatePem(), false);
        }
    }

    /** The named TLS configuration each service's HTTPS listener presents ({@code quarkus.http.tls-configuration-name}). */
    public static final String TLS_CONFIGURATION = "services";
    /** Where that configuration's certificate (PEM, the chain) and key (PEM, PKCS#8) are read from. */
    public static final String CERT_PROPERTY = "quarkus.tls." + TLS_CONFIGURATION + ".key-store.pem.service.cert";
    public static final String KEY_PROPERTY = "quarkus.tls." + TLS_CONFIGURATION + ".key-store.pem.service.key";

    private ServiceCertificates() {
    }

    /**
     * Before Quarkus starts (a service's main, a test resource): when the configured certificate
     * or key file ({@link #CERT_PROPERTY}, {@link #KEY_PROPERTY}) is missing, a self-signed
     * certificate for {@code service} and this host's local names is written there; one a
     * deployment provisioned is left as it is.
     */
    public static void ensureConfigured(String service) {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        var cert = config.getOptionalValue(CERT_PROPERTY, String.class);
        var key = config.getOptionalValue(KEY_PROPERTY, String.class);
        if (cert.isPresent() && key.isPresent() && ensureSelfSigned(Path.of(cert.get()), Path.of(key.get()), localNames(service))) {
            org.jboss.logging.Logger.getLogger(ServiceCertificates.class).warnf("No certificate was provisioned for %s"
                    + " (%s): it serves HTTPS with a self-signed one it made now, which no caller verifies", service, cert.get());
        }
    }

    /** For a test boot: a self-signed certificate in {@code dir} and the two properties that point at it. */
    public static java.util.Map<String, String> selfSignedConfig(Path dir, String service) {
        Path cert = dir.resolve("service.crt");
        Path key = dir.resolve("service.key");
        ensureSelfSigned(cert, key, localNames(service));
        return java.util.Map.of(CERT_PROPERTY, cert.toString(), KEY_PROPERTY, key.toString());
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key", e);
        }
    }

    /** A new self-signed CA ({@code CN=<commonName>}, basicConstraints CA, pathLen 0). */
    public static Issued newCa(String commonName, Instant now) {
        KeyPair keys = newKeyPair();
        X500Name name = new X500Name("CN=" + commonName);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minusSeconds(300)),
                    Date.from(now.plus(CA_VALIDITY)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new Issued(sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the services CA certificate", e);
        }
    }

    /**
     * A TLS server certificate for {@code names} (DNS names and IP literals, the first also the
     * subject's CN) issued by {@code ca}; {@code ca} null makes it self-signed.
     */
    public static Issued issue(Issued ca, List<String> names, Instant now) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a service certificate needs at least one name");
        }
        KeyPair keys = newKeyPair();
        X500Name subject = new X500Name("CN=" + names.get(0));
        X500Name issuer = ca == null ? subject : X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        List<GeneralName> sans = new ArrayList<>();
        for (String n : new LinkedHashSet<>(names)) {
            sans.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
        }
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(now.minusSeconds(300)),
                    Date.from(now.plus(SERVICE_VALIDITY)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            if (ca != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(ca.certificate()));
            }
            return new Issued(sign(builder, ca == null ? keys.getPrivate() : ca.key()), keys.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the service certificate for " + names, e);
        }
    }

    /**
     * A service run alone (its own tests, {@code quarkus:dev}, a bare {@code java -jar}): when the
     * configured certificate or key file is missing, writes a self-signed certificate for
     * {@code names} there, so the HTTPS listener starts. Answers whether it wrote one.
     */
    public static boolean ensureSelfSigned(Path certificateFile, Path keyFile, List<String> names) {
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            return false;
        }
        issue(null, names, Instant.now()).write(certificateFile, keyFile);
        return true;
    }

    /**
     * Whether the certificate and key at {@code certificateFile}/{@code keyFile} may be served on:
     * issued by {@code ca}, for exactly {@code names}, the key the certificate's own, and valid
     * until {@code renewBefore} after {@code now}. The launcher re-issues only when not, so a
     * service still running from an earlier start serves what its files hold.
     */
    public static boolean stillValid(Path certificateFile, Path keyFile, Issued ca, List<String> names, Instant now,
            Duration renewBefore) {
        if (!Files.isReadable(certificateFile) || !Files.isReadable(keyFile)) {
            return false;
        }
        try {
            Issued served = read(certificateFile, keyFile);
            X509Certificate certificate = served.certificate();
            certificate.verify(ca.certificate().getPublicKey());
            certificate.checkValidity(Date.from(now.plus(renewBefore)));
            java.util.Set<String> presented = new java.util.HashSet<>();
            for (List<?> san : certificate.getSubjectAlternativeNames()) {
                presented.add(normalised(san.get(1).toString()));
            }
            java.util.Set<String> wanted = new java.util.HashSet<>();
            names.forEach(n -> wanted.add(normalised(n)));
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
            signer.initSign(served.key());
            byte[] probe = "ucfleet service key probe".getBytes(StandardCharsets.US_ASCII);
            signer.update(probe);
            byte[] signature = signer.sign();
            signer.initVerify(certificate.getPublicKey());
            signer.update(probe);
            return presented.equals(wanted) && signer.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // unreadable, another CA's, expiring, another key type: issue a new one
        }
    }

    /** An IP literal in one spelling ({@code ::1} and {@code 0:0:0:0:0:0:0:1} alike), a DNS name in lower case. */
    private static String normalised(String name) {
        if (isIpLiteral(name)) {
            try {
                return java.net.InetAddress.getByName(name).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                return name;
            }
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /** The names a service on this host is reached by locally: {@code localhost}, 127.0.0.1, ::1 and {@code extra}. */
    public static List<String> localNames(String... extra) {
        List<String> names = new ArrayList<>();
        for (String e : extra) {
            if (e != null && !e.isBlank() && !names.contains(e)) {
                names.add(e);
            }
        }
        for (String n : List.of("localhost", "127.0.0.1", "::1")) {
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        return names;
    }

    /** A CA and key written by {@link Issued#write}. */
    public static Issued read(Path certificateFile, Path keyFile) {
        try {
            X509Certificate certificate = certificates(Files.readString(certificateFile)).get(0);
            try (PEMParser parser = new PEMParser(new StringReader(Files.readString(keyFile)))) {
                Object o = parser.readObject();
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                PrivateKey key = o instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate()
                        : converter.getPrivateKey((PrivateKeyInfo) o);
                return new Issued(certificate, key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + certificateFile + " and " + keyFile, e);
        }
    }

    /** Every certificate of a PEM text. */
    public static List<X509Certificate> certificates(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Collection<? extends java.security.cert.Certificate> all = factory.generateCertificates(
                    new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> out = new ArrayList<>();
            all.forEach(c -> out.add((X509Certificate) c));
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not PEM certificates: " + e.getMessage(), e);
        }
    }

    /** A certificate as PEM, or a private key as unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null)); // unencrypted PKCS#8
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static boolean isIpLiteral(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            var holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key));
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new java.io.ByteArrayInputStream(holder.getEncoded()));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot sign: " + e.getMessage(), e);
        }
    }

    static void writeFile(Path file, String text, boolean secret) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
