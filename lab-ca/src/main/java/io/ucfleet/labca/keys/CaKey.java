package io.ucfleet.labca.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA's key pair behind a handle: it signs (a BouncyCastle {@link ContentSigner}, which never
 * hands the key out) and is sealed for storage, and that is all. No {@code PrivateKey} leaves this
 * package ({@code ArchitectureTest}); no API answer or log line carries one.
 */
public final class CaKey {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final KeyType type;
    private final int size;

    private CaKey(PrivateKey privateKey, PublicKey publicKey, KeyType type, int size) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.type = type;
        this.size = size;
    }

    public static CaKey generate(KeyType type, int size, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.jca);
            if (type == KeyType.EC) {
                generator.initialize(new ECGenParameterSpec(size == 384 ? "secp384r1" : "secp256r1"), random);
            } else {
                generator.initialize(size, random);
            }
            KeyPair pair = generator.generateKeyPair();
            return new CaKey(pair.getPrivate(), pair.getPublic(), type, size);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + type + " " + size + " key", e);
        }
    }

    /** Opens a key {@link #seal sealed} under the same vault and context; {@code publicKey} is the CA certificate's. */
    public static CaKey open(KeyVault vault, byte[] sealed, String context, PublicKey publicKey, KeyType type, int size) {
        byte[] plain = vault.open(sealed, context);
        try {
            return new CaKey(KeyFactory.getInstance(type.jca).generatePrivate(new PKCS8EncodedKeySpec(plain)), publicKey, type,
                    size);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decode the " + context + " key");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public byte[] seal(KeyVault vault, String context) {
        byte[] plain = privateKey.getEncoded();
        try {
            return vault.seal(plain, context);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** A signer with this key's algorithm (SHA-256 with RSA or ECDSA P-256; SHA-384 with P-384). */
    public ContentSigner signer() {
        try {
            return new JcaContentSignerBuilder(type.signatureAlgorithm(size)).build(privateKey);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with the " + type + " key", e);
        }
    }

    public SubjectPublicKeyInfo publicKeyInfo() {
        return SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public KeyType type() {
        return type;
    }

    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return "CaKey[" + type + " " + size + "]";
    }
}
