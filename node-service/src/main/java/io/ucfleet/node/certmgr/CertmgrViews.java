package io.ucfleet.node.certmgr;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.csr.CsrView;
import io.ucfleet.node.csr.PendingCsr;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.truststore.TrustStores;
import io.ucfleet.node.x509.Pem;

/** The certmgr answers' shapes (certmgr-api.md), read from the node's certificates in one transaction each. */
@ApplicationScoped
public class CertmgrViews {
    @Inject
    Node node;
    @Inject
    Identities identities;
    @Inject
    TrustStores stores;

    public record Identity(String service, String certificate, String csr) {
    }

    public record TrustEntry(String filename, String certificate) {
    }

    public record Trust(String service, List<TrustEntry> certificate_data) {
    }

    public record Snapshot(String trackingId, String server, List<Identity> identities, List<Trust> trusts,
            List<Object> revokedCertificates) {
    }

    /** Cisco's {@code service} for trust: {@code tomcat} or {@code tomcat-trust} both name tomcat-trust. */
    public String trustStore(String service) {
        String store = service.endsWith("-trust") || node.role().hasTrustStore(service) ? service : service + "-trust";
        stores.requireTrustStore(store);
        return store;
    }

    @Transactional
    public Identity identity(String service) {
        var entry = identities.current(service);
        return new Identity(entry.unit, Pem.certificate(entry.der),
                PendingCsr.findByUnit(entry.unit).map(CsrView::pem).orElse(null));
    }

    @Transactional
    public List<TrustEntry> trust(String store) {
        return CertificateEntry.<CertificateEntry>list("unit = ?1 order by commonName, id", store).stream()
                .map(CertmgrViews::trustEntry).toList();
    }

    @Transactional
    public Snapshot snapshot() {
        List<Identity> ids = node.role().identities.stream().map(p -> identity(p.unit)).toList();
        List<Trust> trusts = node.role().trustStores.stream().map(s -> new Trust(s, trust(s))).toList();
        return new Snapshot(UUID.randomUUID().toString(), node.hostname(), ids, trusts, List.of());
    }

    @Transactional
    public Map<String, String> pendingCsr(String service) {
        identities.profile(service);
        return PendingCsr.findByUnit(service).map(p -> Map.of("csr", CsrView.pem(p))).orElseThrow(() ->
                new DomainProblem(ProblemType.CSR_NOT_FOUND, "No CSR is pending for " + io.ucfleet.platform.problem.ProblemBody.quote(service) + "."));
    }

    public static TrustEntry trustEntry(CertificateEntry e) {
        return new TrustEntry(trustFileName(e), Pem.certificate(e.der));
    }

    /**
     * Real nodes name trust files {@code <CN with spaces as _>_<serial hex>.pem}; the CLI's
     * {@code show cert list trust} and {@code set cert delete} use the same names.
     */
    public static String trustFileName(CertificateEntry e) {
        String cn = e.commonName.isBlank() ? "certificate" : e.commonName;
        return cn.replace(' ', '_').replaceAll("[^A-Za-z0-9._@-]", "_") + "_" + e.serialNumber.replace(":", "").toLowerCase(
                java.util.Locale.ROOT) + ".pem";
    }
}
