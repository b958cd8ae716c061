package io.ucfleet.platform.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * A TLS client's trust in the nodes it serves as ucfleet's own services hold it: per peer
 * ({@code host:port} as its URL names it), what {@link Pins} knows for it (README, "HTTPS
 * only"; {@link MemberPins}, or the launcher's reading of what each node wrote for its listener).
 * <p>
 * The peer is the one the client connected to, not a name in the certificate: a node's tomcat
 * names its FQDN, while members are configured by address. A client that gives no peer (no
 * engine, no connected socket) is refused.
 */
public final class PinnedTrust extends ServerTrust {
    /** The store of what is known of each peer. */
    @FunctionalInterface
    public interface Pins {
        /**
         * Returns if {@code presented} (its SHA-256, lowercase hex, is {@code sha256}) is trusted
         * for {@code peer}, pinning it first if the store pins on first use.
         *
         * @throws CertificateException naming why it is refused, or why it cannot be told
         */
        void check(String peer, X509Certificate presented, String sha256) throws CertificateException;
    }

    private final Pins pins;

    public PinnedTrust(Pins pins) {
        this.pins = pins;
    }

    /** SHA-256 of a certificate's DER, lowercase hex, as trust stores and the replication feed name certificates. */
    public static String sha256(X509Certificate certificate) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new CertificateException("the presented certificate cannot be encoded", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void check(X509Certificate[] chain, String peer) throws CertificateException {
        if (peer == null) {
            throw new CertificateException("the server's address is unknown, so its pinned certificate cannot be looked up");
        }
        pins.check(peer, chain[0], sha256(chain[0]));
    }
}
