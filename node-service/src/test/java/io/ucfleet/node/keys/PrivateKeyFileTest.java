package io.ucfleet.node.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import io.ucfleet.node.testing.TestCertificates;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** Seed 004's server private key file rules, on BouncyCastle-made keys and certificates. */
class PrivateKeyFileTest {
    private static final KeyPair RSA = rsa();

    @Test
    void rsaKeysAreReadAsPkcs1AndPkcs8AndMatchTheirCertificateOnly() throws Exception {
        SubjectPublicKeyInfo certificateKey = selfSigned(RSA).getSubjectPublicKeyInfo();
        String pkcs1 = traditional(RSA.getPrivate());
        assertTrue(pkcs1.startsWith("-----BEGIN RSA PRIVATE KEY-----"), pkcs1.substring(0, 40));
        String pkcs8 = pkcs8(RSA.getPrivate());
        assertTrue(pkcs8.startsWith("-----BEGIN PRIVATE KEY-----"));
        for (String pem : new String[] {pkcs1, pkcs8}) {
            PrivateKeyFile file = PrivateKeyFile.read(bytes(pem));
            assertEquals("RSA", file.key().algorithm());
            assertTrue(file.endsWithNewline());
            assertTrue(file.key().matches(certificateKey), "the key of its certificate");
            assertFalse(file.key().matches(selfSigned(rsa()).getSubjectPublicKeyInfo()), "another certificate's key");
        }
    }

    @Test
    void ecKeysAreReadAsSec1WithOrWithoutParametersAndAsPkcs8() throws Exception {
        var issued = TestCertificates.issuedBy(TestCertificates.selfSignedCa("ucfleet key test CA"), "exp-e.ucfleet.test", false, null);
        // BouncyCastle's key writes SEC1 with its curve, as openssl does; the JDK's leaves it to the PKCS#8 wrapper.
        PrivateKey bcKey = java.security.KeyFactory.getInstance("EC", new BouncyCastleProvider())
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(issued.keyPair().getPrivate().getEncoded()));
        String sec1 = traditional(bcKey);
        assertTrue(sec1.startsWith("-----BEGIN EC PRIVATE KEY-----"), sec1.substring(0, 40));
        // openssl ecparam -genkey writes EC PARAMETERS before the key; a SEC1 key without its curve takes it from them.
        String unnamed = traditional(issued.keyPair().getPrivate());
        String withParameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + unnamed;
        assertEquals(ProblemType.INVALID_PRIVATE_KEY, refused(unnamed).type(), "a SEC1 key naming no curve, alone");
        for (String pem : new String[] {sec1, withParameters, pkcs8(issued.keyPair().getPrivate())}) {
            PrivateKeyFile file = PrivateKeyFile.read(bytes(pem));
            assertEquals("EC", file.key().algorithm());
            assertTrue(file.key().matches(issued.certificate().getSubjectPublicKeyInfo()));
            assertFalse(file.key().matches(selfSigned(RSA).getSubjectPublicKeyInfo()));
        }
        // It seals and opens as the node's own keys do (KeyVault, the stored algorithm is the key's).
        KeyVault vault = new KeyVault(Base64.getEncoder().encodeToString(new byte[32]), new SecureRandom());
        PrivateKeyFile file = PrivateKeyFile.read(bytes(sec1));
        SigningKey opened = vault.open(vault.seal(file.key(), "server"), "server", file.key().algorithm());
        assertTrue(opened.matches(issued.certificate().getSubjectPublicKeyInfo()));
    }

    @Test
    void passwordProtectedKeysAreRefusedInBothForms() throws Exception {
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
                .setRandom(new SecureRandom()).setPassword("secret".toCharArray()).build();
        String encryptedPkcs8 = write(new JcaPKCS8Generator(RSA.getPrivate(), encryptor).generate());
        assertTrue(encryptedPkcs8.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(RSA.getPrivate(), new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider())
                    .build("secret".toCharArray()));
        }
        String traditionalEncrypted = out.toString();
        assertTrue(traditionalEncrypted.contains("Proc-Type: 4,ENCRYPTED"), traditionalEncrypted);
        for (String pem : new String[] {encryptedPkcs8, traditionalEncrypted}) {
            DomainProblem p = refused(pem);
            assertEquals(ProblemType.PRIVATE_KEY_PROTECTED, p.type());
            assertTrue(p.detail().contains("must not be password protected"), p.detail());
        }
    }

    @Test
    void aFileWithoutTrailingNewlineIsReadButMarked() throws Exception {
        String pem = pkcs8(RSA.getPrivate()).stripTrailing();
        PrivateKeyFile file = PrivateKeyFile.read(bytes(pem));
        assertFalse(file.endsWithNewline());
        assertTrue(file.key().matches(selfSigned(RSA).getSubjectPublicKeyInfo()));
        assertTrue(PrivateKeyFile.read(bytes(pem + "\r\n")).endsWithNewline());
        assertTrue(PrivateKeyFile.NO_TRAILING_NEWLINE.contains("Mobile and Remote Access"));
    }

    @Test
    void malformedFilesAreRefusedWithoutQuotingThem() throws Exception {
        String pkcs8 = pkcs8(RSA.getPrivate());
        String body = pkcs8.substring(pkcs8.indexOf('\n') + 1, pkcs8.indexOf("-----END"));
        String[] bad = {"", "not a key at all\n", "-----BEGIN PRIVATE KEY-----\n" + body.substring(0, 80) + "\n-----END PRIVATE KEY-----\n",
                "-----BEGIN PRIVATE KEY-----\n" + body,
                TestCertificates.selfSignedCa("ucfleet not a key").pem(),
                pkcs8 + traditional(rsa().getPrivate())};
        for (String pem : bad) {
            DomainProblem p = refused(pem);
            assertEquals(ProblemType.INVALID_PRIVATE_KEY, p.type(), pem);
            assertFalse(p.detail().contains(body.substring(0, 30)), "no key material in " + p.detail());
        }
        assertTrue(refused(pkcs8 + traditional(rsa().getPrivate())).detail().contains("2 private keys"));
        // DER is not loaded: PEM only, as the certificate (seed 004).
        assertTrue(refused(new String(RSA.getPrivate().getEncoded(), StandardCharsets.ISO_8859_1)).detail().contains("not PEM"));
    }

    @Test
    void keysOtherThanRsaAndEcAreRefused() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        DomainProblem p = refused(pkcs8(ed.getPrivate()));
        assertEquals(ProblemType.INVALID_PRIVATE_KEY, p.type());
        assertTrue(p.detail().contains("neither RSA nor EC"), p.detail());
        assertFalse(PrivateKeyFile.read(bytes(pkcs8(RSA.getPrivate()))).toString().contains("MII"), "toString shows no key");
    }

    private static DomainProblem refused(String pem) {
        return assertThrows(DomainProblem.class, () -> PrivateKeyFile.read(pem.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static byte[] bytes(String pem) {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }

    private static String traditional(PrivateKey key) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        }
        return out.toString();
    }

    private static String pkcs8(PrivateKey key) throws Exception {
        return write(new JcaPKCS8Generator(key, null).generate());
    }

    private static String write(org.bouncycastle.util.io.pem.PemObject object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static org.bouncycastle.cert.X509CertificateHolder selfSigned(KeyPair key) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X500Name name = new X500Name("CN=exp-e.ucfleet.test");
        return new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minusSeconds(60)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), name, key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate()));
    }
}
