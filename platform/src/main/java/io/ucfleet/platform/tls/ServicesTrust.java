package io.ucfleet.platform.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * How every caller of ucfleet's own services (cluster-sync, ctl-service, lab-ca) verifies them:
 * PKIX to the fleet services CA of {@code ucfleet.services.ca} (a PEM file of one or more CA
 * certificates; the launcher and {@code deploy/k8s/secrets/generate} make it), dates checked, no
 * revocation, and the host name of the URL checked against the certificate's subject alternative
 * names by the JDK's HTTP client (RFC 2818, its default endpoint identification {@code HTTPS}).
 * <p>
 * Without {@code ucfleet.services.ca} (a service or node run alone: its own tests,
 * {@code quarkus:dev}) the caller falls back to {@link UnverifiedTls}'s context, encrypted and not
 * verified, and says so once at WARN. A refusal names the failed verification: the
 * {@link CertificateException}'s message starts with {@link #NOT_VERIFIED}.
 */
public final class ServicesTrust {
    private static final Logger LOG = Logger.getLogger(ServicesTrust.class);
    /** The configuration key: the path of the services CA's PEM. */
    public static final String CA_PROPERTY = "ucfleet.services.ca";
    /** The start of a refusal's message, which callers recognise and report. */
    public static final String NOT_VERIFIED = "not verified by the fleet services CA";
    private static volatile boolean warned;

    private ServicesTrust() {
    }

    /** The context for {@code who}'s calls to the services, from the configured {@code ucfleet.services.ca}. */
    public static SSLContext context(String who) {
        Optional<String> ca = ConfigProvider.getConfig().getOptionalValue(CA_PROPERTY, String.class).filter(s -> !s.isBlank());
        return context(ca.map(Path::of), who);
    }

    /** Verifying by the CA in {@code ca}; unverified, with one WARN, when empty. */
    public static SSLContext context(Optional<Path> ca, String who) {
        if (ca.isEmpty()) {
            if (!warned) {
                warned = true;
                LOG.warnf("%s is not set: %s calls ucfleet's services (cluster-sync, ctl-service, lab-ca) over TLS without"
                        + " verifying their certificates (README, \"HTTPS (cluster-sync, ctl-service, lab-ca)\")", CA_PROPERTY, who);
            }
            return UnverifiedTls.anyCertificate();
        }
        return verifying(ca.get());
    }

    /** Verifying by the CA certificates in the PEM file {@code ca}; a file that holds none is a configuration error. */
    public static SSLContext verifying(Path ca) {
        List<X509Certificate> anchors;
        try {
            anchors = ServiceCertificates.certificates(Files.readString(ca));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(CA_PROPERTY + "=" + ca + " cannot be read as PEM certificates: " + e.getMessage(), e);
        }
        if (anchors.isEmpty()) {
            throw new IllegalStateException(CA_PROPERTY + "=" + ca + " holds no certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("services-ca-" + i, anchors.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            X509ExtendedTrustManager pkix = null;
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    pkix = x;
                }
            }
            if (pkix == null) {
                throw new IllegalStateException("no PKIX trust manager");
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Named(pkix, ca.toString())}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a TLS context from " + ca, e);
        }
    }

    /** PKIX (and the host name check the engine asks for), its refusal worded as ours. */
    private static final class Named extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;
        private final String ca;

        Named(X509ExtendedTrustManager pkix, String ca) {
            this.pkix = pkix;
            this.ca = ca;
        }

        private CertificateException refused(X509Certificate[] chain, CertificateException e) {
            String subject = chain == null || chain.length == 0 ? "(none)" : chain[0].getSubjectX500Principal().getName();
            return new CertificateException(NOT_VERIFIED + " (" + CA_PROPERTY + "=" + ca + "): the server's certificate "
                    + subject + " failed verification: " + e.getMessage(), e);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                pkix.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw refused(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            try {
                pkix.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw refused(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                pkix.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw refused(chain, e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            pkix.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            pkix.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
