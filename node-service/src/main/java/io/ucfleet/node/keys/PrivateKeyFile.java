package io.ucfleet.node.keys;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * A server private key PEM file an administrator uploads with the certificate (seed 004,
 * "Loading a server certificate and private key"): RSA or EC, as PKCS#1 ({@code RSA PRIVATE
 * KEY}), SEC1 ({@code EC PRIVATE KEY}) or PKCS#8 ({@code PRIVATE KEY}), never password
 * protected. Refusals name the block, never its content: the file is a secret.
 *
 * @param key                the key, held as the node's own keys are
 * @param endsWithNewline    false for a file without a trailing newline, which real nodes accept
 *                           but with which Mobile and Remote Access services fail (seed 004)
 */
public record PrivateKeyFile(SigningKey key, boolean endsWithNewline) {
    /** Seed 004, "Service failures when using mobile and remote access". */
    public static final String NO_TRAILING_NEWLINE = "The server private key file has no trailing newline character:"
            + " Unified Communications Mobile and Remote Access services can fail due to certificate errors."
            + " Upload the key again with a trailing newline.";

    public static PrivateKeyFile read(byte[] file) {
        if (file == null || file.length == 0) {
            throw invalid("The server private key file is empty.");
        }
        String text = new String(file, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN ")) {
            throw invalid("The server private key file is not PEM; load the key as PEM (for example:"
                    + " openssl pkey -inform der -in server.der -out server.key).");
        }
        List<PrivateKeyInfo> keys = new ArrayList<>();
        ASN1ObjectIdentifier curve = null;
        int block = 0;
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object o;
            while ((o = next(parser, block + 1)) != null) {
                block++;
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    throw new DomainProblem(ProblemType.PRIVATE_KEY_PROTECTED, "The server private key must not be password"
                            + " protected (block " + block + " is encrypted); remove the password first, for example"
                            + " openssl pkey -in protected.key -out server.key. Nothing was changed.");
                } else if (o instanceof PEMKeyPair pair) {
                    keys.add(withCurve(pair.getPrivateKeyInfo(), curve));
                } else if (o instanceof PrivateKeyInfo info) {
                    keys.add(withCurve(info, curve));
                } else if (o instanceof ASN1ObjectIdentifier named) {
                    curve = named;
                } else {
                    // EC PARAMETERS (openssl ecparam -genkey) are skipped, as openssl does; anything else is no key.
                    throw invalid("Block " + block + " of the server private key file is not a private key.");
                }
            }
        } catch (DomainProblem refusal) {
            throw refusal;
        } catch (IOException | RuntimeException e) {
            // also what BouncyCastle throws for a key body it parsed leniently (a SEC1 key re-read for its curve)
            throw invalid("The server private key file cannot be read as PEM.");
        }
        if (keys.size() != 1) {
            throw invalid(keys.isEmpty() ? "The server private key file holds no private key."
                    : "The server private key file holds " + keys.size() + " private keys; upload the one of the certificate.");
        }
        return new PrivateKeyFile(new SigningKey(toJca(keys.get(0))), file[file.length - 1] == '\n');
    }

    private static Object next(PEMParser parser, int block) {
        try {
            return parser.readObject();
        } catch (IOException | RuntimeException e) {
            // BouncyCastle's messages may quote the block; say only which one.
            throw invalid("Block " + block + " of the server private key file is malformed PEM.");
        }
    }

    /**
     * A SEC1 key that does not name its curve takes it from the EC PARAMETERS block before it
     * (as openssl ecparam writes them); the JDK needs the curve in the algorithm identifier.
     */
    private static PrivateKeyInfo withCurve(PrivateKeyInfo info, ASN1ObjectIdentifier curve) throws IOException {
        var algorithm = info.getPrivateKeyAlgorithm();
        boolean unnamed = algorithm.getParameters() == null || algorithm.getParameters() instanceof org.bouncycastle.asn1.ASN1Null;
        if (!algorithm.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey) || !unnamed) {
            return info;
        }
        var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        var parameters = sec1.getParametersObject() != null ? sec1.getParametersObject() : curve;
        if (parameters == null) {
            throw invalid("The server private key is an EC key that does not name its curve.");
        }
        return new PrivateKeyInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                parameters), sec1);
    }

    private static PrivateKey toJca(PrivateKeyInfo info) {
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (!algorithm.equals(PKCSObjectIdentifiers.rsaEncryption) && !algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            throw invalid("The server private key is neither RSA nor EC (algorithm " + algorithm.getId() + ").");
        }
        try {
            // The default providers, as KeyVault.open uses: the key is "RSA" or "EC" on both sides
            // (BouncyCastle's converter would name an EC key "ECDSA").
            String name = algorithm.equals(PKCSObjectIdentifiers.rsaEncryption) ? "RSA" : "EC";
            return KeyFactory.getInstance(name).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw invalid("The server private key cannot be decoded.");
        }
    }

    private static DomainProblem invalid(String detail) {
        return new DomainProblem(ProblemType.INVALID_PRIVATE_KEY, detail + " Nothing was changed.");
    }

    @Override
    public String toString() {
        return "PrivateKeyFile[" + key + (endsWithNewline ? "" : ", no trailing newline") + "]";
    }
}
