package io.ucfleet.platform.tls;

import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;

import org.jboss.logging.Logger;

/**
 * TLS that encrypts and does not verify the server: for tests and benchmarks that judge the
 * server's certificate themselves, and {@link ServicesTrust}'s fallback when no services CA is
 * configured. Services verify the nodes by {@link MemberPins} or {@link StoreTrust}. Said once per
 * process in its log at WARN, never silently.
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
            LOG.warnf("%s calls over TLS without verifying the server's certificate", who);
        }
        return anyCertificate();
    }

    /** The context itself, without the warning: {@link ServicesTrust}'s fallback says its own. */
    static SSLContext anyCertificate() {
        return new Any().context();
    }

    private static final class Any extends ServerTrust {
        @Override
        protected void check(X509Certificate[] chain, String peer) {
            // anything
        }
    }
}
