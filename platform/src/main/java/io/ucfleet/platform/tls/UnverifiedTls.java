package io.ucfleet.platform.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.jboss.logging.Logger;

/**
 * TLS that encrypts and does not verify the server: what cluster-sync, ctl-service, lab-ca and
 * the launcher use towards nodes until they verify them (README, "HTTPS only": not done yet).
 * It keeps the cluster account's password off the wire in clear, and protects from nothing an
 * active attacker on the path does. Said once per service in its log at WARN, never silently.
 */
public final class UnverifiedTls {
    private static final Logger LOG = Logger.getLogger(UnverifiedTls.class);
    private static volatile boolean warned;

    private UnverifiedTls() {
    }

    /** A context that accepts any server certificate; {@code who} names the caller in the one warning. */
    public static SSLContext context(String who) {
        if (!warned) {
            warned = true;
            LOG.warnf("%s calls nodes over TLS without verifying their certificates (not yet implemented; README, \"HTTPS only\")",
                    who);
        }
        return anyCertificate();
    }

    /** The context itself, without the warning: {@link ServicesTrust}'s fallback says its own. */
    static SSLContext anyCertificate() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Any()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context", e);
        }
    }

    private static final class Any extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
