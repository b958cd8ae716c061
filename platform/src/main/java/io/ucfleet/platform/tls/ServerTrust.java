package io.ucfleet.platform.tls;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS client's trust in the server it connected to, one decision for every overload JSSE calls:
 * {@link #check} with the presented chain and the peer ({@code host:port} as dialled, see
 * {@link #peer(String)}; null when JSSE gives no engine or connected socket). Extending the
 * extended trust manager keeps JSSE from adding its own host name check. Never a server's.
 */
public abstract class ServerTrust extends X509ExtendedTrustManager {
    /** Returns if {@code chain} (never empty) is trusted from {@code peer}; else throws saying why. */
    protected abstract void check(X509Certificate[] chain, String peer) throws CertificateException;

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

    /** The peer a URL names, as {@link #check} is given it: {@code host:port}, the host lowercase, an IPv6 literal without brackets. */
    public static String peer(String url) {
        java.net.URI uri = java.net.URI.create(url.strip());
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

    private void checked(X509Certificate[] chain, String peer) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        check(chain, peer);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checked(chain, engine == null || engine.getPeerHost() == null || engine.getPeerPort() < 0 ? null
                : peer(engine.getPeerHost(), engine.getPeerPort()));
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checked(chain, socket != null && socket.getRemoteSocketAddress() instanceof InetSocketAddress a
                ? peer(a.getHostString(), a.getPort()) : null);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checked(chain, null);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client trust manager only");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a client trust manager only");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a client trust manager only");
    }

    @Override
    public final X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
