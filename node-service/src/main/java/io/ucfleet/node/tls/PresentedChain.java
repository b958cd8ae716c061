package io.ucfleet.node.tls;

import java.util.ArrayList;
import java.util.List;

import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.x509.CertificateFacts;

/** What a listener sends after its own certificate. Runs in a transaction (it reads the trust store). */
public final class PresentedChain {
    private PresentedChain() {
    }

    /**
     * The intermediate CAs of a CA-signed identity, from {@code store}, leaf side first: Tomcat
     * and Cisco XCP send them so that clients holding only the root can verify (the root is not sent).
     */
    public static List<byte[]> intermediates(CertificateEntry identity, String store) {
        List<byte[]> chain = new ArrayList<>();
        var current = identity.holder();
        for (int depth = 0; depth < 8 && !CertificateFacts.isSelfSigned(current); depth++) {
            var child = current;
            var issuer = CertificateEntry.findByUnitAndSubject(store, child.getIssuer().toString()).stream()
                    .map(CertificateEntry::holder)
                    .filter(h -> CertificateFacts.isSignedBy(child, h.getSubjectPublicKeyInfo()))
                    .findFirst();
            if (issuer.isEmpty() || CertificateFacts.isSelfSigned(issuer.get())) {
                break;
            }
            chain.add(CertificateFacts.encoded(issuer.get()));
            current = issuer.get();
        }
        return chain;
    }
}
