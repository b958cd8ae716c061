package io.ucfleet.node.testing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.ucfleet.platform.trustlist.CertificateFields;
import io.ucfleet.platform.trustlist.DigestAlgorithm;
import io.ucfleet.platform.trustlist.TrustListWriter;

/**
 * The bytes ctl-service asks a publisher to sign: a trust list written by platform's
 * {@link TrustListWriter}, without its SIGNATURE element.
 */
public final class TrustLists {
    private TrustLists() {
    }

    /** The data to sign of a file named {@code name}, signed by {@code signer}, listing {@code entries}. */
    public static byte[] unsigned(String name, CertificateFields signer, DigestAlgorithm digest,
            List<TrustListWriter.Entry> entries) {
        AtomicReference<byte[]> data = new AtomicReference<>();
        TrustListWriter.write(name, Instant.parse("2026-01-01T00:00:00Z"), signer, digest, entries, (bytes, d) -> {
            data.set(bytes);
            return new byte[(signer.keyBits() + 7) / 8];
        });
        return data.get();
    }

    public static Inet4Address loopback() {
        try {
            return (Inet4Address) InetAddress.getByName("127.0.0.1");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
