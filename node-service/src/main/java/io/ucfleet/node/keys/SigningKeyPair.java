package io.ucfleet.node.keys;

import java.security.PublicKey;

/** A public key and the handle of its private key: what {@link java.security.KeyPair} is elsewhere. */
public record SigningKeyPair(PublicKey publicKey, SigningKey privateKey) {
}
