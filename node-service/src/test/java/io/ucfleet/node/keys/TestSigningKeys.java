package io.ucfleet.node.keys;

import java.security.PrivateKey;

/** For tests elsewhere that make their own keys and compare with other libraries: main code cannot do this. */
public final class TestSigningKeys {
    private TestSigningKeys() {
    }

    public static SigningKey of(PrivateKey key) {
        return new SigningKey(key);
    }
}
