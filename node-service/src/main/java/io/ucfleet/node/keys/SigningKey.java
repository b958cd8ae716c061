package io.ucfleet.node.keys;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private key held by this process, usable only through what it does: sign, prove it is a
 * certificate's key, be sealed ({@link KeyVault}, {@link KeyTransfer}) or written encrypted for
 * this process's own TLS listener. The key itself never leaves this package.
 */
public final class SigningKey {
    private static final Provider BC = new BouncyCastleProvider();

    final PrivateKey key;

    SigningKey(PrivateKey key) {
        this.key = key;
    }

    /** The JCA key algorithm: RSA or EC. */
    public String algorithm() {
        return key.getAlgorithm();
    }

    /** A signer for certificates and CSRs, e.g. {@code SHA256withRSA}. */
    public ContentSigner contentSigner(String signatureAlgorithm) throws OperatorCreationException {
        return new JcaContentSignerBuilder(signatureAlgorithm).build(key);
    }

    /** The signature of {@code data}, e.g. {@code SHA1withRSA} for a CTL or {@code SHA256withRSA} for a JWS. */
    public byte[] sign(String signatureAlgorithm, byte[] data) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(signatureAlgorithm);
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
    }

    /** Proof of possession: a signature by this key verifies with the certificate's public key. */
    public boolean matches(SubjectPublicKeyInfo publicKey) {
        try {
            var pub = KeyFactory.getInstance(key.getAlgorithm()).generatePublic(new X509EncodedKeySpec(publicKey.getEncoded()));
            String algorithm = "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm, BC);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm, BC);
            verifier.initVerify(pub);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IOException e) {
            return false;
        }
    }

    /**
     * The key as encrypted PKCS#8 PEM (AES-256-CBC), for this process's own TLS listener's key
     * file: the only form in which the key is written anywhere.
     */
    public String encryptedPkcs8Pem(String password) {
        try {
            OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(BC)
                    .setRandom(new SecureRandom())
                    .setPassword(password.toCharArray())
                    .build();
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(new JcaPKCS8Generator(key, encryptor));
            }
            return out.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot encrypt the HTTPS key file", e);
        }
    }

    /**
     * A key manager that presents this key with {@code chain} (leaf first), for this process's
     * own TLS listeners that take a key manager rather than files (the XMPP ports). The key stays
     * in memory, in a key store no one else sees.
     */
    public javax.net.ssl.X509KeyManager keyManager(java.util.List<java.security.cert.X509Certificate> chain) {
        try {
            char[] password = new char[16];
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < password.length; i++) {
                password[i] = (char) ('a' + random.nextInt(26));
            }
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("identity", key, password, chain.toArray(java.security.cert.X509Certificate[]::new));
            javax.net.ssl.KeyManagerFactory factory = javax.net.ssl.KeyManagerFactory
                    .getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return (javax.net.ssl.X509KeyManager) factory.getKeyManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the key into a TLS key manager", e);
        }
    }

    /** PKCS#8, for sealing in this package; the caller wipes it. */
    byte[] encoded() {
        return key.getEncoded();
    }

    @Override
    public String toString() {
        return "SigningKey[" + key.getAlgorithm() + "]";
    }
}
