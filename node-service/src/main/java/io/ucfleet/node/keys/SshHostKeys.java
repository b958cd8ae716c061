package io.ucfleet.node.keys;

import java.security.KeyPair;

import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** The SSH server's host key as MINA SSHD takes it, which needs the key itself to sign the handshake. */
public final class SshHostKeys {
    private SshHostKeys() {
    }

    public static KeyPairProvider provider(SigningKeyPair hostKey) {
        return KeyPairProvider.wrap(new KeyPair(hostKey.publicKey(), hostKey.privateKey().key));
    }
}
