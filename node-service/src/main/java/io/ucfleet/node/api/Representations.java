package io.ucfleet.node.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.node.profile.ExtendedKeyUsage;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.identity.SignedCertificateRules;
import io.ucfleet.node.identity.SignedCertificateRules.UsageWarning;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateType;
import io.ucfleet.node.inventory.Usage;
import io.ucfleet.node.serviceability.ServiceState;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.Pem;

/** What the native API answers. Entities never leave this package's mapping functions. */
final class Representations {
    private Representations() {
    }

    /** A row of the certificate list (Cisco's columns). */
    record CertificateSummary(String unit, String usage, String type, String commonName, String keyType, int keySize,
            String distribution, String issuedBy, Instant notAfter, boolean expired, String description,
            String sha256, String href, List<UsageWarning> warnings) {

        static CertificateSummary of(CertificateEntry e, Node node, Instant now) {
            return new CertificateSummary(e.unit, e.usage.name().toLowerCase(Locale.ROOT), e.type.label, e.commonName,
                    e.keyType, e.keySize, node.hostname(), e.issuerCommonName,
                    e.notAfter, e.expiredAt(now), e.description, e.sha256, Representations.href(e), usageWarnings(e, node));
        }
    }

    record Fingerprints(String sha1, String sha256) {
    }

    record PublicKey(String type, int size, String curve) {
    }

    /** The certificate detail page: every decoded field, plus the PEM (public material). */
    record CertificateDetails(String unit, String usage, String type, String description, String subject,
            String commonName, String issuer, String serialNumber, Instant notBefore, Instant notAfter, boolean expired,
            PublicKey publicKey, String signatureAlgorithm, List<String> keyUsage, List<String> extendedKeyUsage,
            List<String> subjectAlternativeNames, Boolean certificateAuthority, boolean selfSigned,
            Fingerprints fingerprints, String pem, String href, List<UsageWarning> warnings) {

        static CertificateDetails of(CertificateEntry e, Node node, Instant now) {
            var holder = e.holder();
            CertificateFacts f = CertificateFacts.of(holder);
            return new CertificateDetails(e.unit, e.usage.name().toLowerCase(Locale.ROOT), e.type.label, e.description,
                    f.subject(), f.commonName(), f.issuer(), f.serialNumber(), f.notBefore(), f.notAfter(), f.expiredAt(now),
                    new PublicKey(f.keyType(), f.keySize(), f.curve()), f.signatureAlgorithm(), f.keyUsage(),
                    f.extendedKeyUsage(), f.subjectAlternativeNames(), f.certificateAuthority(), CertificateFacts.isSelfSigned(holder),
                    new Fingerprints(f.sha1(), f.sha256()), Pem.certificate(e.der), Representations.href(e),
                    usageWarnings(e, node));
        }
    }

    record Page<T>(List<T> items, int page, int size, long total) {
    }

    record UploadResult(List<CertificateSummary> imported, List<CertificateSummary> alreadyPresent,
            List<Replaced> replaced, List<NotUploaded> notUploaded, List<TrustImport.Warning> warnings) {

        static UploadResult of(TrustImport.Result r, Node node, Instant now) {
            return new UploadResult(r.imported().stream().map(e -> CertificateSummary.of(e, node, now)).toList(),
                    r.alreadyPresent().stream().map(e -> CertificateSummary.of(e, node, now)).toList(),
                    r.replaced().stream().map(x -> new Replaced(CertificateSummary.of(x.certificate(), node, now),
                            x.replaced().stream().map(e -> CertificateSummary.of(e, node, now)).toList())).toList(),
                    r.notUploaded().stream().map(n -> new NotUploaded(n.sha256(), n.commonName(), n.serialNumber(),
                            n.notBefore(), "kept-newer-existing", CertificateSummary.of(n.kept(), node, now))).toList(),
                    r.warnings());
        }
    }

    /** An imported certificate and the same-name, other-serial certificates it replaced (release 15 upload rule). */
    record Replaced(CertificateSummary certificate, List<CertificateSummary> replaced) {
    }

    /** An uploaded certificate left out because the store's same-name certificate starts as late or later. */
    record NotUploaded(String sha256, String commonName, String serialNumber, Instant notBefore, String reason,
            CertificateSummary kept) {
    }

    record DeleteResult(CertificateSummary deleted, List<CertificateSummary> brokenChains) {
    }

    record RegenerateRequest(Integer keySize) {
    }

    record RegenerateResult(CertificateDetails certificate, List<String> servicesToRestart,
            boolean ctlUpdateRequiredInMixedMode, boolean backupAdvised, String note) {
    }

    record Service(String id, String name, String state, boolean restartRequired, List<String> restartReasons,
            Instant startedAt) {

        static Service of(ServiceState s) {
            CiscoService service = CiscoService.valueOf(s.name);
            return new Service(service.id(), service.displayName, "STARTED", s.restartRequired, List.copyOf(s.reasons()),
                    s.startedAt);
        }
    }

    /**
     * {@code release}: the version it reports ({@code show version active}); {@code warnings}: conditions
     * the node is in that make services fail (seed 004: a server key file without a trailing newline).
     */
    record NodeInfo(String hostname, String fqdn, String ip, String role, String roleName, String cluster, String release,
            List<String> identities, List<String> trustStores, String webIdentity, String servedWebCertificateSha256,
            io.ucfleet.node.xmpp.XmppIdentity.Status xmpp, List<String> warnings) {
    }

    /** A row of the key-usage table (seed 002 Tables 1, 2 and 4). */
    record Profile(String unit, String keyType, int defaultKeySize, List<Integer> allowedKeySizes, boolean multiServer,
            List<String> extendedKeyUsage, List<String> extendedKeyUsageOids, List<String> keyUsage,
            boolean certificateAuthority, String trustStore, List<String> servicesToRestart, boolean listedInCtl,
            String source) {

        static Profile of(IdentityProfile p, Node node) {
            return new Profile(p.unit, p.keyAlgorithm.name(), p.keyAlgorithm.defaultSize, p.keyAlgorithm.allowedSizes,
                    p.multiServer,
                    p.extendedKeyUsages.stream().sorted().map(e -> e.rfcName).toList(),
                    p.extendedKeyUsages.stream().sorted().map(ExtendedKeyUsage::oid).toList(),
                    p.keyUsages.stream().sorted().map(k -> k.rfcName).toList(),
                    p.certificateAuthority, p.trustStore().orElse(null),
                    node.role().restartsFor(p).stream().map(s -> s.displayName).toList(), p.listedInCtl, p.source);
        }
    }

    /**
     * What a CA-signed identity lacks of its unit's row, recomputed from the certificate so the
     * listing and the detail say what the upload said (self-signed identities have the whole row).
     */
    static List<UsageWarning> usageWarnings(CertificateEntry e, Node node) {
        if (e.usage != Usage.IDENTITY || e.type != CertificateType.CA_SIGNED) {
            return List.of();
        }
        return node.role().identity(e.unit).map(p -> SignedCertificateRules.warnings(p, e.holder())).orElse(List.of());
    }

    static String href(CertificateEntry e) {
        return "/api/v1/certificates/" + e.unit + "/" + e.sha256;
    }

    static List<String> names(List<CiscoService> services) {
        return services.stream().map(s -> s.displayName).toList();
    }
}
