package io.ucfleet.node.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

import io.ucfleet.node.keys.KeyGeneration;
import io.ucfleet.node.keys.SigningKey;
import io.ucfleet.node.keys.SigningKeyPair;
import io.ucfleet.node.profile.KeyAlgorithm;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.SerialNumbers;
import io.ucfleet.node.x509.Pem;

/**
 * The PEM files the HTTPS listener reads ({@code quarkus.tls.https.*}). The key file is an
 * encrypted PKCS#8 (AES-256-CBC, password from configuration), so the private key is not on
 * disk in clear. The files must exist before Quarkus starts: {@link #ensurePlaceholder} writes
 * a throw-away certificate that the node replaces with its tomcat identity during start-up,
 * before it reports ready.
 */
public final class TlsFiles {
    public static final String CERTIFICATE_FILE = "web.crt";
    public static final String KEY_FILE = "web.key";

    private TlsFiles() {
    }

    public static Path directory(Path dataDir) {
        return dataDir.resolve("tls");
    }

    public static void ensurePlaceholder(Path dataDir, String password, java.time.Clock clock) {
        Path dir = directory(dataDir);
        if (Files.exists(dir.resolve(CERTIFICATE_FILE)) && Files.exists(dir.resolve(KEY_FILE))) {
            return;
        }
        SigningKeyPair keyPair = KeyGeneration.generate(KeyAlgorithm.EC, 256, new SecureRandom());
        try {
            X500Name name = new X500Name("CN=ucfleet node starting");
            Instant now = clock.instant();
            X509CertificateHolder placeholder = new JcaX509v3CertificateBuilder(name, SerialNumbers.random(new SecureRandom()),
                    Date.from(now), Date.from(now.plusSeconds(86_400)), name, keyPair.publicKey())
                    .build(keyPair.privateKey().contentSigner("SHA256withECDSA"));
            write(dataDir, keyPair.privateKey(), CertificateFacts.encoded(placeholder), password);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot create the placeholder HTTPS certificate", e);
        }
    }

    /** Writes key then certificate, each atomically, so a reload never sees a mismatched pair. */
    public static void write(Path dataDir, SigningKey key, byte[] certificateDer, String password) {
        write(dataDir, key, certificateDer, java.util.List.of(), password);
    }

    /** As above, with the intermediate CA certificates the listener sends after its own (a CA-signed identity). */
    public static void write(Path dataDir, SigningKey key, byte[] certificateDer, java.util.List<byte[]> intermediates,
            String password) {
        Path dir = directory(dataDir);
        try {
            Files.createDirectories(dir);
            replace(dir.resolve(KEY_FILE), key.encryptedPkcs8Pem(password));
            StringBuilder chain = new StringBuilder(Pem.certificate(certificateDer));
            intermediates.forEach(der -> chain.append(Pem.certificate(der)));
            replace(dir.resolve(CERTIFICATE_FILE), chain.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HTTPS files in " + dir, e);
        }
    }

    private static void replace(Path target, String content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
