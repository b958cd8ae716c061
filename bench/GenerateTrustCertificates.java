import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Benchmark helper (not part of the build): writes COUNT distinct self-signed EC P-256 CA
 * certificates as concatenated PEM bundles of at most PER_FILE certificates each, named
 * OUT_DIR/batch-0000.pem, batch-0001.pem, ...
 *
 * All certificates share one key pair (key generation is not what is measured); each has its
 * own subject (CN=bench-trust-NNNNN.ucfleet.bench) and serial number, so every one has its own
 * SHA-256 fingerprint and is a distinct trust-store entry. Times are whole seconds in UTCTime,
 * which the node's time-encoding rule requires.
 *
 * Run: java -cp 'node-service/target/quarkus-app/lib/main/*' bench/GenerateTrustCertificates.java OUT_DIR COUNT PER_FILE
 * Prints one line per file (name, certificates, bytes) and a summary on stderr.
 */
public class GenerateTrustCertificates {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: GenerateTrustCertificates OUT_DIR COUNT PER_FILE");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int perFile = Integer.parseInt(args[2]);
        Files.createDirectories(out);

        long started = System.nanoTime();
        BouncyCastleProvider bc = new BouncyCastleProvider();
        SecureRandom random = new SecureRandom();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", bc);
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair keyPair = generator.generateKeyPair();
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(bc).build(keyPair.getPrivate());

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Date notBefore = Date.from(now.minus(1, ChronoUnit.DAYS));
        Date notAfter = Date.from(now.plus(3650, ChronoUnit.DAYS));
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        // Serials: random 64-bit prefix per run plus the index, so reruns never collide either.
        BigInteger serialBase = new BigInteger(62, random).shiftLeft(20);

        int file = 0;
        long totalBytes = 0;
        for (int start = 0; start < count; start += perFile, file++) {
            int end = Math.min(count, start + perFile);
            StringBuilder pem = new StringBuilder((end - start) * 700);
            for (int i = start; i < end; i++) {
                X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.C, "US")
                        .addRDN(BCStyle.O, "ucfleet bench")
                        .addRDN(BCStyle.OU, "trust load")
                        .addRDN(BCStyle.CN, String.format("bench-trust-%05d.ucfleet.bench", i))
                        .build();
                X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(name,
                        serialBase.add(BigInteger.valueOf(i + 1L)), notBefore, notAfter, name, keyPair.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                        .build(signer);
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(base64.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            }
            byte[] bytes = pem.toString().getBytes(StandardCharsets.US_ASCII);
            Path target = out.resolve(String.format("batch-%04d.pem", file));
            write(target, bytes);
            totalBytes += bytes.length;
            System.out.printf("%s %d %d%n", target.getFileName(), end - start, bytes.length);
        }
        System.err.printf("generated %d certificates in %d files (%d bytes) in %.1f s%n", count, file, totalBytes,
                (System.nanoTime() - started) / 1e9);
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Files.write(target, bytes);
    }
}
