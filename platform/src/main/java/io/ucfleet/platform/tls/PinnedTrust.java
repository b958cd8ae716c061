package io.ucfleet.platform.tls;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS client's trust in the nodes it serves as ucfleet's own services (cluster-sync) hold it:
 * per peer ({@code host:port} as its URL names it), the certificates {@link Pins} knows for it;
 * what a peer presents first is pinned (trust on first use), and anything else is refused unless
 * the pins learned it since through a verified connection (README, "HTTPS only").
 * <p>
 * The peer is the one the client connected to ({@link SSLEngine#getPeerHost()}, its port), not a
 * name in the certificate: a node's tomcat names its FQDN, while members are configured by
 * address. A client that gives no peer (no engine, no connected socket) is refused.
 */
public final class PinnedTrust extends X509ExtendedTrustManager {
    /** The store of what is known of each peer. */
    public interface Pins {
        /**
         * Returns if {@code presented} (its SHA-256, lowercase hex, is {@code sha256}) is trusted
         * for {@code peer}; when the peer has nothing pinned yet, pins it and returns.
         *
         * @throws CertificateException naming why it is refused, or why it cannot be told
         */
        void check(String peer, X509Certificate presented, String sha256) throws CertificateException;
    }

    private final Pins pins;

    public PinnedTrust(Pins pins) {
        this.pins = pins;
    }

    /** A TLS context whose one trust manager is this. */
    public SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {this}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context", e);
        }
    }

    /** The peer a URL names as this trust manager keys it: {@code host:port}, the host lowercase, an IPv6 literal without brackets. */
    public static String peer(String url) {
        URI uri = URI.create(url.strip());
        int port = uri.getPort() != -1 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        return peer(uri.getHost(), port);
    }

    static String peer(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h + ":" + port;
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

    private void check(X509Certificate[] chain, String peer) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        if (peer == null) {
            throw new CertificateException("the server's address is unknown, so its pinned certificate cannot be looked up");
        }
        pins.check(peer, chain[0], sha256(chain[0]));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, engine == null || engine.getPeerHost() == null || engine.getPeerPort() < 0 ? null
                : peer(engine.getPeerHost(), engine.getPeerPort()));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, socket != null && socket.getRemoteSocketAddress() instanceof InetSocketAddress a
                ? peer(a.getHostString(), a.getPort()) : null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client trust manager only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a client trust manager only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a client trust manager only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
