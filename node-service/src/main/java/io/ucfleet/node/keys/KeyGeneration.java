package io.ucfleet.node.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

import io.ucfleet.node.profile.KeyAlgorithm;

/** New key pairs: RSA of a size, or EC on the curve of a size (P-256, P-384). */
public final class KeyGeneration {
    private KeyGeneration() {
    }

    public static SigningKeyPair generate(KeyAlgorithm algorithm, int size, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jcaName);
            if (algorithm == KeyAlgorithm.EC) {
                generator.initialize(new ECGenParameterSpec(KeyAlgorithm.curveName(size)), random);
            } else {
                generator.initialize(size, random);
            }
            KeyPair pair = generator.generateKeyPair();
            return new SigningKeyPair(pair.getPublic(), new SigningKey(pair.getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " " + size + " key", e);
        }
    }
}
