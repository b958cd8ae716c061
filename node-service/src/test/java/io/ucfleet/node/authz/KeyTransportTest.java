package io.ucfleet.node.authz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class KeyTransportTest {
    final SecureRandom random = new SecureRandom();

    @Test
    void onlyTheSameClusterPasswordAndKeyContextOpenAWrappedKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        KeyTransport sender = new KeyTransport("cluster-secret", "ucfleet", random);
        byte[] wrapped = sender.wrap(key, "authz-encryption:k1");
        assertFalse(Arrays.equals(key, Arrays.copyOfRange(wrapped, 12, 44)), "not in clear");
        assertArrayEquals(key, new KeyTransport("cluster-secret", "ucfleet", random).unwrap(wrapped, "authz-encryption:k1"));
        assertThrows(IllegalArgumentException.class,
                () -> new KeyTransport("other-secret", "ucfleet", random).unwrap(wrapped, "authz-encryption:k1"));
        assertThrows(IllegalArgumentException.class,
                () -> new KeyTransport("cluster-secret", "other-cluster", random).unwrap(wrapped, "authz-encryption:k1"));
        assertThrows(IllegalArgumentException.class, () -> sender.unwrap(wrapped, "authz-encryption:k2"));
        assertThrows(IllegalArgumentException.class, () -> sender.unwrap(new byte[5], "authz-encryption:k1"));
    }
}
