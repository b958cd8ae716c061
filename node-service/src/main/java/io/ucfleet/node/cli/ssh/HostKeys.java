package io.ucfleet.node.cli.ssh;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.keys.KeyGeneration;
import io.ucfleet.node.keys.KeyVault;
import io.ucfleet.node.keys.SigningKeyPair;
import io.ucfleet.node.profile.KeyAlgorithm;

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
    public SigningKeyPair load() {
        KeyVault vault = new KeyVault(config.keyEncryptionKey(), random);
        return QuarkusTransaction.requiringNew().call(() -> {
            SshHostKey stored = SshHostKey.findById(SshHostKey.ONLY);
            if (stored == null) {
                SigningKeyPair generated = KeyGeneration.generate(KeyAlgorithm.EC, 256, random);
                stored = new SshHostKey();
                stored.id = SshHostKey.ONLY;
                stored.algorithm = ALGORITHM;
                stored.publicKey = generated.publicKey().getEncoded();
                stored.sealedKey = vault.seal(generated.privateKey(), SEALING_CONTEXT);
                stored.createdAt = clock.instant();
                stored.persist();
                LOG.info("generated the SSH host key (ECDSA P-256)");
            }
            return new SigningKeyPair(publicKey(stored.publicKey), vault.open(stored.sealedKey, SEALING_CONTEXT, stored.algorithm));
        });
    }

    private static PublicKey publicKey(byte[] spki) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored SSH host public key does not decode", e);
        }
    }
}
