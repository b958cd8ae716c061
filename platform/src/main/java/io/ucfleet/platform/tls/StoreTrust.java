package io.ucfleet.platform.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A TLS client's trust in a server as a Unified CM node's is in a peer: the certificate the peer
 * presents is in a trust store ({@code tomcat-trust}), either itself (the self-signed tomcat the
 * Intercluster Sync Agent exchanged) or through a chain to a CA certificate there (a CA-signed
 * tomcat). The store is read at every handshake ({@code anchors}), so a deleted entry is no
 * longer trusted by the next connection and a re-imported one is at once.
 * <p>
 * No host name check: what a node trusts a peer by is the store's entry, which an administrator
 * put there or the cluster exchanged, not the URL it was configured with (locally an IP address
 * and port, which no node certificate names). Validity dates are judged by PKIX for a chain; an
 * entry that is itself the presented certificate is trusted as the store holds it, as a pinned
 * certificate is. Revocation is not checked here.
 */
public final class StoreTrust extends ServerTrust {
    /** Why a handshake failed here; a client recognises its own refusal by this text in the exception chain. */
    public static final String NOT_TRUSTED = "not in the trust store";

    private final String storeName;
    private final Supplier<Collection<X509Certificate>> anchors;

    public StoreTrust(String storeName, Supplier<Collection<X509Certificate>> anchors) {
        this.storeName = storeName;
        this.anchors = anchors;
    }

    @Override
    protected void check(X509Certificate[] chain, String peer) throws CertificateException {
        Collection<X509Certificate> trusted = anchors.get();
        for (X509Certificate anchor : trusted) {
            if (anchor.equals(chain[0])) {
                return;
            }
        }
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate anchor : trusted) {
            set.add(new TrustAnchor(anchor, null));
        }
        if (!set.isEmpty()) {
            try {
                List<X509Certificate> path = new ArrayList<>();
                for (X509Certificate c : chain) {
                    if (trusted.contains(c)) {
                        break;
                    }
                    path.add(c);
                }
                PKIXParameters parameters = new PKIXParameters(set);
                parameters.setRevocationEnabled(false);
                CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
                        parameters);
                return;
            } catch (GeneralSecurityException e) {
                // falls through to the refusal below
            }
        }
        throw new CertificateException("the certificate the server presented (" + chain[0].getSubjectX500Principal().getName()
                + ") is " + NOT_TRUSTED + " " + storeName + ", neither itself nor through its issuers");
    }
}
