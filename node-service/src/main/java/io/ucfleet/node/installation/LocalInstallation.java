package io.ucfleet.node.installation;

import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.identity.SignedCertificateRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bouncycastle.cert.X509CertificateHolder;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.csr.PendingCsr;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.keys.SigningKey;
import io.ucfleet.node.truststore.IssuerChain;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.Pem;

/**
 * Installing a CA-signed identity on this node, for an administrator's upload and a peer's
 * multi-server installation alike: the issuer chain check, the CA certificates into the unit's
 * trust stores, the identity and its key, the locks they need.
 */
@ApplicationScoped
public class LocalInstallation {
    @Inject
    Node node;
    @Inject
    Identities identities;
    @Inject
    TrustImport trustImport;

    /** In the caller's transaction: the CA certificates through the trust import, then the identity and its key. */
    CaSignedInstallation.Result install(IdentityProfile profile, List<X509CertificateHolder> authorities, X509CertificateHolder leaf,
            SigningKey key, List<CaSignedInstallation.NodeOutcome> nodes, List<SignedCertificateRules.UsageWarning> warnings) {
        return install(profile, authorities, leaf, key, nodes, warnings, false);
    }

    /** As above; {@code keyFileWithoutTrailingNewline}: the key came from such an uploaded file (seed 004). */
    CaSignedInstallation.Result install(IdentityProfile profile, List<X509CertificateHolder> authorities, X509CertificateHolder leaf,
            SigningKey key, List<CaSignedInstallation.NodeOutcome> nodes, List<SignedCertificateRules.UsageWarning> warnings,
            boolean keyFileWithoutTrailingNewline) {
        List<CertificateEntry> imported = new ArrayList<>();
        List<CertificateEntry> present = new ArrayList<>();
        if (!authorities.isEmpty()) {
            for (String store : caStores(profile)) {
                var r = trustImport.upload(store, pem(authorities), "CA of the " + profile.unit + " certificate");
                imported.addAll(r.imported());
                present.addAll(r.alreadyPresent());
            }
        }
        checkChain(profile, List.of(), leaf);
        CertificateEntry entry = identities.installCaSigned(profile, key, leaf, "Certificate signed by "
                + CertificateFacts.commonName(leaf.getIssuer()), keyFileWithoutTrailingNewline);
        return new CaSignedInstallation.Result(entry, imported, present, node.role().restartsFor(profile), nodes, warnings);
    }

    /** Refuses, naming the missing issuer, a leaf whose chain ends neither in the unit's store nor in the upload. */
    void checkChain(IdentityProfile profile, List<X509CertificateHolder> authorities, X509CertificateHolder leaf) {
        String store = caStores(profile).get(0);
        List<X509CertificateHolder> chain = new ArrayList<>(authorities);
        chain.add(leaf);
        IssuerChain.installationOrder(store, chain, issuerName -> CertificateEntry.findByUnitAndSubject(store,
                issuerName.toString()).stream().map(e -> e.holder().getSubjectPublicKeyInfo()).toList());
    }

    /**
     * The trust stores the CA certificates of an upload go to: the unit's store (Expressway: its
     * trusted CA list); for CAPF also CallManager-trust (seed 002, "Add Certificate
     * Authority-Signed CAPF Root Certificate to the Trust Store").
     */
    List<String> caStores(IdentityProfile profile) {
        Set<String> stores = new LinkedHashSet<>();
        stores.add(profile.trustStore().orElse(node.role().trustStores.get(0)));
        if (profile == IdentityProfile.CAPF && node.role().hasTrustStore("CallManager-trust")) {
            stores.add("CallManager-trust");
        }
        return List.copyOf(stores);
    }

    List<String> unitsTouched(IdentityProfile profile) {
        List<String> units = new ArrayList<>(caStores(profile));
        units.add(profile.unit);
        units.add(PendingCsr.sealingContext(profile.unit));
        return units;
    }

    private static byte[] pem(List<X509CertificateHolder> certificates) {
        StringBuilder out = new StringBuilder();
        certificates.forEach(c -> out.append(Pem.certificate(CertificateFacts.encoded(c))));
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
