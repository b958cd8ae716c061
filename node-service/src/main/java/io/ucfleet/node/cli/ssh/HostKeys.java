package io.ucfleet.node.cli.ssh;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.keys.KeyVault;

/**
 * The node's SSH host key, ECDSA P-256 ({@code ecdsa-sha2-nistp256}, which every client accepts):
 * generated at first start, sealed under the key-encryption key with its own context, and
 * read back at every later start so that it never changes.
 */
@ApplicationScoped
public class HostKeys {
    private static final Logger LOG = Logger.getLogger(HostKeys.class);
    static final String SEALING_CONTEXT = "ssh-host-key";
    static final String ALGORITHM = "EC";

    @Inject
    NodeConfig config;
    @Inject
    Clock clock;

    private final SecureRandom random = new SecureRandom();

    /** The stored host key, made and stored first if there is none. */
    public KeyPair load() {
        KeyVault vault = new KeyVault(config.keyEncryptionKey(), random);
        return QuarkusTransaction.requiringNew().call(() -> {
            SshHostKey stored = SshHostKey.findById(SshHostKey.ONLY);
            if (stored == null) {
                KeyPair generated = generate();
                stored = new SshHostKey();
                stored.id = SshHostKey.ONLY;
                stored.algorithm = ALGORITHM;
                stored.publicKey = generated.getPublic().getEncoded();
                stored.sealedKey = vault.seal(generated.getPrivate(), SEALING_CONTEXT);
                stored.createdAt = clock.instant();
                stored.persist();
                LOG.info("generated the SSH host key (ECDSA P-256)");
            }
            return new KeyPair(publicKey(stored.publicKey), vault.open(stored.sealedKey, SEALING_CONTEXT, stored.algorithm));
        });
    }

    private KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ECDSA P-256 host key", e);
        }
    }

    private static PublicKey publicKey(byte[] spki) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored SSH host public key does not decode", e);
        }
    }
}
