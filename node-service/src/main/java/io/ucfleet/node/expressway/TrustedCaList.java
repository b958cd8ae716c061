package io.ucfleet.node.expressway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.crl.CrlFile;
import io.ucfleet.node.crl.Crls;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.truststore.TrustDeletion;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.node.x509.Pem;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Seed 004, "Managing the trusted CA certificate list": the list as the Trusted CA certificate
 * page shows it, View (decoded) of one, Delete of the ticked ones and Reset to default CA
 * certificate. Appending stays {@link io.ucfleet.node.truststore.TrustImport}'s; every removal
 * goes through {@link TrustDeletion}, so it is replicated and flagged as any trust deletion is.
 *
 * <p>The default list: an X8.1+ Expressway ships a temporary CA that issued its default server
 * certificate ({@link Identities#temporaryCa()}), and the reset puts that CA back.
 */
@ApplicationScoped
public class TrustedCaList {
    /** The unit that holds the VCS's trusted CA list. */
    public static final String STORE = "trusted-ca-list";
    @Inject
    Node node;
    @Inject
    TrustDeletion deletion;
    @Inject
    TrustImport trustImport;
    @Inject
    Crls crls;
    @Inject
    Identities identities;

    /** Append CA certificate: the certificates as {@link TrustImport} appends them, and the file's CRLs (seed 004, "CRL sources"). */
    public record Appended(TrustImport.Result certificates, Crls.Loaded crls) {
    }

    /**
     * Append CA certificate. A trusted CA file may carry CRLs ("CRL data embedded within the
     * VCS's Trusted CA certificate file"): its X509 CRL blocks are loaded as that source, the
     * rest is appended as certificates; all in one transaction, so a bad block changes nothing.
     */
    @Transactional
    public Appended append(byte[] body) {
        requireExpressway();
        if (body == null || !CrlFile.looksLikePem(body)) {
            return new Appended(trustImport.upload(STORE, body, null), null);
        }
        List<CrlFile.Block> blocks = CrlFile.pemBlocks(body, "The trusted CA file");
        List<CrlFile.Block> others = blocks.stream().filter(b -> !CrlFile.PEM_LABEL.equals(b.label())).toList();
        if (others.size() == blocks.size()) {
            return new Appended(trustImport.upload(STORE, body, null), null);
        }
        Crls.Loaded loaded = crls.appendToTrustedCaFile(CrlFile.crlBlocks(blocks));
        TrustImport.Result certificates = null;
        if (!others.isEmpty()) {
            StringBuilder rest = new StringBuilder();
            others.forEach(b -> rest.append(Pem.encode(b.label(), b.content())));
            certificates = trustImport.upload(STORE, rest.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII), null);
        }
        return new Appended(certificates, loaded);
    }

    /** The rows of the Trusted CA certificate page, in the order they were added. */
    @Transactional
    public List<CertificateEntry> list() {
        requireExpressway();
        return CertificateEntry.list("unit = ?1 order by id", STORE);
    }

    /** Show all (PEM file): every certificate of the list, PEM, in the order they were added. */
    @Transactional
    public String pemFile() {
        StringBuilder out = new StringBuilder();
        list().forEach(e -> out.append(Pem.certificate(e.der)));
        return out.toString();
    }

    /** Show all (decoded): every certificate of the list in human-readable form. */
    @Transactional
    public String decoded() {
        StringBuilder out = new StringBuilder();
        list().forEach(e -> out.append(DecodedCertificate.text(e.holder())).append('\n'));
        return out.toString();
    }

    /** One certificate of the list, for View (decoded). */
    @Transactional
    public CertificateEntry get(String sha256) {
        requireExpressway();
        return CertificateEntry.findByUnitAndSha256(STORE, normalise(sha256)).orElseThrow(() -> notInList(sha256));
    }

    /**
     * Delete the ticked certificates: all or nothing, so a fingerprint not in the list (a page
     * shown before another admin's delete) changes nothing. Duplicates count once.
     */
    @Transactional
    public List<CertificateEntry> delete(List<String> sha256s) {
        requireExpressway();
        if (sha256s == null || sha256s.stream().allMatch(s -> s == null || s.isBlank())) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "No certificate is selected; tick at least one"
                    + " (the SHA-256 fingerprint of each certificate to delete).",
                    Map.of("errors", List.of(Map.of("field", "sha256", "message", "at least one is required"))));
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String s : sha256s) {
            if (s != null && !s.isBlank()) {
                wanted.add(normalise(s));
            }
        }
        List<String> missing = wanted.stream().filter(s -> CertificateEntry.findByUnitAndSha256(STORE, s).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new DomainProblem(ProblemType.CERTIFICATE_NOT_FOUND, "The trusted CA list holds no certificate with SHA-256 "
                    + missing + "; nothing was deleted.", Map.of("missing", missing));
        }
        List<CertificateEntry> deleted = new ArrayList<>();
        for (String s : wanted) {
            deleted.add(deletion.delete(STORE, s, true).certificate());
        }
        return deleted;
    }

    /** What Reset to default CA certificate did: the certificates removed, and the temporary CA if it was put back. */
    public record Reset(List<CertificateEntry> removed, List<CertificateEntry> restored) {
    }

    /**
     * Reset to default CA certificate: the list becomes the original one, the node's temporary
     * CA, and the trusted CA file's CRLs go. Removals and the re-import are trust changes as any
     * other (audited, in the change feed), in one transaction.
     */
    @Transactional
    public Reset resetToDefault() {
        requireExpressway();
        crls.removeTrustedCaFileCrls();
        var temporaryCa = identities.temporaryCa().orElseThrow(() -> new IllegalStateException(
                "no temporary CA; it is created at start"));
        String defaultSha256 = io.ucfleet.node.x509.CertificateFacts.of(temporaryCa).sha256();
        List<CertificateEntry> removed = new ArrayList<>();
        for (CertificateEntry e : CertificateEntry.<CertificateEntry>list("unit = ?1 order by id", STORE)) {
            if (!defaultSha256.equals(e.sha256)) {
                removed.add(deletion.delete(STORE, e.sha256, true).certificate());
            }
        }
        List<CertificateEntry> restored = CertificateEntry.findByUnitAndSha256(STORE, defaultSha256).isPresent() ? List.of()
                : trustImport.upload(STORE, Pem.certificate(io.ucfleet.node.x509.CertificateFacts.encoded(temporaryCa))
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII), "Temporary CA of " + node.hostname()).imported();
        return new Reset(removed, restored);
    }

    /** The Validity column of the page: Valid, Expired or Not yet valid. */
    public static String validity(CertificateEntry e, Instant now) {
        return e.expiredAt(now) ? "Expired" : e.notBefore.isAfter(now) ? "Not yet valid" : "Valid";
    }

    public void requireExpressway() {
        if (!node.role().isExpressway()) {
            throw new DomainProblem(ProblemType.EXPRESSWAY_ONLY, "The trusted CA list and CRL management are Expressway's; "
                    + node.fqdn() + " is a " + node.role().displayName + " node.");
        }
    }

    private static String normalise(String sha256) {
        return sha256 == null ? "" : sha256.strip().replace(":", "").toLowerCase(Locale.ROOT);
    }

    private static DomainProblem notInList(String sha256) {
        return new DomainProblem(ProblemType.CERTIFICATE_NOT_FOUND, "The trusted CA list holds no certificate with SHA-256 "
                + sha256 + ".");
    }
}
