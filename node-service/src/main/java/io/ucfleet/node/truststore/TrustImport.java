package io.ucfleet.node.truststore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.inventory.CertificateAdded;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateType;
import io.ucfleet.node.inventory.UnitLocks;
import io.ucfleet.node.inventory.Usage;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.replication.ChangeFeed;
import io.ucfleet.node.serviceability.Serviceability;
import io.ucfleet.node.x509.CertificateDecoder;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.KeySizeRule;
import io.ucfleet.platform.x509.TimeEncoding;

/**
 * "Upload Certificate / Certificate Chain" into a trust store. All or nothing: every
 * certificate of the upload is checked (size, encoding, time rule, key size, issuer chain; the
 * Expressway policy appends without the chain rule)
 * before any is stored. A certificate already in the store is reported, not duplicated. Expired
 * ones are accepted with a warning, as Unified CM does.
 *
 * <p>Same name, other serial (release 15 security guide): the certificate management "searches
 * the certificate with the same name in the trust folder ... If the serial numbers are different,
 * it verifies the validity start date of both the certificates. If the start timestamp of the new
 * incoming certificate is the latest, then it replaces the existing certificate else it's not
 * uploaded." A replacement is a delete and an import of the store, replicated as both.
 */
@ApplicationScoped
public class TrustImport {
    /** Cisco's description field is free text; ours is bounded so a listing stays readable. */
    public static final int MAX_DESCRIPTION = 1024;
    /** Certificates per upload: a CA bundle is a few hundred at most; this bounds the work under the store lock. */
    public static final int MAX_CERTIFICATES = 1000;

    @Inject
    TrustStores stores;
    @Inject
    UnitLocks locks;
    @Inject
    Serviceability serviceability;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;
    @Inject
    io.ucfleet.node.config.Node node;
    @Inject
    ChangeFeed changeFeed;
    @Inject
    Event<CertificateAdded> added;

    public record Warning(String sha256, String code, String message) {
    }

    /** An imported certificate that replaced the store's certificates of the same name (subject) and another serial. */
    public record Replacement(CertificateEntry certificate, List<CertificateEntry> replaced) {
    }

    /** An uploaded certificate not stored because the store holds one of the same name whose validity starts as late or later. */
    public record NotUploaded(String sha256, String commonName, String serialNumber, Instant notBefore,
            CertificateEntry kept) {
    }

    public record Result(List<CertificateEntry> imported, List<CertificateEntry> alreadyPresent, List<Warning> warnings,
            List<Replacement> replaced, List<NotUploaded> notUploaded) {
    }

    @Transactional
    public Result upload(String store, byte[] body, String description) {
        stores.requireTrustStore(store);
        checkRequest(body, description);
        List<X509CertificateHolder> certificates = CertificateDecoder.decodeAll(body, node.role().policy);
        if (certificates.size() > MAX_CERTIFICATES) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The upload holds " + certificates.size()
                    + " certificates; at most " + MAX_CERTIFICATES + " are accepted in one request.");
        }
        for (int i = 0; i < certificates.size(); i++) {
            var certificate = certificates.get(i);
            int index = i + 1;
            TimeEncoding.form(certificate.toASN1Structure()).map(TimeEncoding.Violation::message).ifPresent(violation -> {
                throw new DomainProblem(ProblemType.INVALID_TIME_ENCODING, "Certificate " + index + " (\""
                        + CertificateFacts.commonName(certificate.getSubject()) + "\"): " + violation
                        + ". Times must be GMT with seconds and no fractional seconds (YYMMDDHHMMSSZ).",
                        Map.of("certificate", certificate.getSubject().toString()));
            });
            KeySizeRule.violation(CertificateFacts.of(certificate)).ifPresent(violation -> {
                throw new DomainProblem(ProblemType.KEY_TOO_LARGE, "Certificate " + index + " " + violation + ".",
                        Map.of("certificate", certificate.getSubject().toString()));
            });
        }
        locks.lock(List.of(store));
        // Expressway appends what it is given; a certificate whose issuer is missing is simply not a trust anchor yet.
        List<X509CertificateHolder> ordered = !node.role().policy.issuerChainFirst() ? certificates
                : IssuerChain.installationOrder(store, certificates,
                        issuerName -> CertificateEntry.findByUnitAndSubject(store, issuerName.toString()).stream()
                                .map(e -> e.holder().getSubjectPublicKeyInfo()).toList());

        // One fingerprint per certificate, duplicates within the upload folded, one look-up for all.
        Map<String, X509CertificateHolder> bySha256 = new LinkedHashMap<>();
        Map<String, CertificateFacts> facts = new LinkedHashMap<>();
        for (X509CertificateHolder certificate : ordered) {
            CertificateFacts f = CertificateFacts.of(certificate);
            if (bySha256.putIfAbsent(f.sha256(), certificate) == null) {
                facts.put(f.sha256(), f);
            }
        }
        Map<String, CertificateEntry> present = CertificateEntry.findByUnitAndSha256In(store, bySha256.keySet()).stream()
                .collect(Collectors.toMap(e -> e.sha256, Function.identity()));
        // The store's certificates by name, for the same-name rule; kept current as this upload changes the store.
        Map<String, List<CertificateEntry>> byName = new HashMap<>();
        CertificateEntry.findByUnitAndSubjectIn(store, facts.values().stream().map(CertificateFacts::subject)
                .collect(Collectors.toSet())).forEach(e -> byName.computeIfAbsent(e.subject, k -> new ArrayList<>()).add(e));

        Instant now = clock.instant();
        String text = description == null || description.isBlank() ? "Trust certificate" : description.strip();
        List<CertificateEntry> imported = new ArrayList<>();
        List<CertificateEntry> alreadyPresent = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        List<Replacement> replaced = new ArrayList<>();
        List<NotUploaded> notUploaded = new ArrayList<>();
        for (var item : bySha256.entrySet()) {
            CertificateEntry existing = present.get(item.getKey());
            if (existing != null) {
                alreadyPresent.add(existing);
                continue;
            }
            CertificateFacts f = facts.get(item.getKey());
            List<CertificateEntry> named = byName.computeIfAbsent(f.subject(), k -> new ArrayList<>());
            List<CertificateEntry> sameName = named.stream().filter(e -> !e.serialNumber.equals(f.serialNumber())).toList();
            var newer = sameName.stream().filter(e -> !f.notBefore().isAfter(e.notBefore)).findFirst();
            if (newer.isPresent()) {
                CertificateEntry kept = newer.get();
                notUploaded.add(new NotUploaded(f.sha256(), f.commonName(), f.serialNumber(), f.notBefore(), kept));
                warnings.add(new Warning(f.sha256(), "kept-newer-existing", "\"" + f.commonName() + "\" (serial "
                        + f.serialNumber() + ", valid from " + f.notBefore() + ") was not uploaded: " + store
                        + " holds a certificate of the same name (serial " + kept.serialNumber + ") valid from "
                        + kept.notBefore + ", which is not earlier."));
                continue;
            }
            if (f.expiredAt(now)) {
                warnings.add(new Warning(f.sha256(), "expired", "\"" + f.commonName() + "\" expired on "
                        + f.notAfter() + "; it was imported but cannot validate anything."));
            } else if (f.notBefore().isAfter(now)) {
                warnings.add(new Warning(f.sha256(), "not-yet-valid", "\"" + f.commonName()
                        + "\" is not valid before " + f.notBefore() + "."));
            }
            for (CertificateEntry old : sameName) {
                old.delete();
                changeFeed.deleted(store, old.sha256);
            }
            named.removeAll(sameName);
            CertificateEntry entry = CertificateEntry.of(store, Usage.TRUST, CertificateType.TRUST, text, item.getValue(), f, now);
            entry.persist();
            named.add(entry);
            changeFeed.imported(store, entry);
            imported.add(entry);
            if (!sameName.isEmpty()) {
                replaced.add(new Replacement(entry, sameName));
                warnings.add(new Warning(f.sha256(), "replaced", "\"" + f.commonName() + "\" (serial " + f.serialNumber()
                        + ", valid from " + f.notBefore() + ") replaced " + sameName.stream().map(e -> "serial "
                                + e.serialNumber + " valid from " + e.notBefore).toList() + ", which started earlier."));
            }
        }
        if (!imported.isEmpty()) {
            serviceability.requireRestart(stores.restartsAfterChange(store), stores.restartReason(store));
            added.fire(new CertificateAdded(store, Usage.TRUST, CertificateType.TRUST, imported.size()
                    + " certificate(s) imported into " + store));
        }
        return new Result(imported, alreadyPresent, warnings, replaced, notUploaded);
    }

    private void checkRequest(byte[] body, String description) {
        if (body != null && body.length > config.maxUploadBytes()) {
            throw new DomainProblem(ProblemType.PAYLOAD_TOO_LARGE, "The upload is " + body.length
                    + " bytes; the limit is " + config.maxUploadBytes() + " bytes.", Map.of("limit", config.maxUploadBytes()));
        }
        if (description != null && (description.length() > MAX_DESCRIPTION || description.indexOf('\0') >= 0)) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The description must be at most " + MAX_DESCRIPTION
                    + " characters of text without NUL; it has " + description.length() + ".",
                    Map.of("errors", List.of(Map.of("field", "description", "message", "too long or contains NUL"))));
        }
    }
}
