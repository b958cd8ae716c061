package io.ucfleet.node.truststore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateType;
import io.ucfleet.node.inventory.UnitLocks;
import io.ucfleet.node.inventory.Usage;
import io.ucfleet.node.problem.DomainProblem;
import io.ucfleet.node.problem.ProblemType;
import io.ucfleet.node.x509.CertificateDecoder;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.TimeEncodingRule;

/**
 * "Upload Certificate / Certificate Chain" into a trust store. All or nothing: every
 * certificate of the upload is checked (encoding, time rule, issuer chain) before any is
 * stored. A certificate already in the store is reported, not duplicated. Expired ones are
 * accepted with a warning, as Unified CM does.
 */
@ApplicationScoped
public class TrustImport {
    @Inject
    TrustStores stores;
    @Inject
    UnitLocks locks;
    @Inject
    Clock clock;

    public record Warning(String sha256, String code, String message) {
    }

    public record Result(List<CertificateEntry> imported, List<CertificateEntry> alreadyPresent, List<Warning> warnings) {
    }

    /** Cisco's description field is free text; ours is bounded so a listing stays readable. */
    public static final int MAX_DESCRIPTION = 1024;

    @Transactional
    public Result upload(String store, byte[] body, String description) {
        stores.requireTrustStore(store);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The description has " + description.length()
                    + " characters; at most " + MAX_DESCRIPTION + " are allowed.",
                    Map.of("errors", List.of(Map.of("field", "description", "message", "too long"))));
        }
        List<X509CertificateHolder> certificates = CertificateDecoder.decodeAll(body);
        for (int i = 0; i < certificates.size(); i++) {
            var certificate = certificates.get(i);
            int index = i + 1;
            TimeEncodingRule.violation(certificate.toASN1Structure()).ifPresent(violation -> {
                throw new DomainProblem(ProblemType.INVALID_TIME_ENCODING, "Certificate " + index + " (\""
                        + CertificateFacts.commonName(certificate.getSubject()) + "\"): " + violation
                        + ". Times must be GMT with seconds and no fractional seconds (YYMMDDHHMMSSZ).",
                        Map.of("certificate", certificate.getSubject().toString()));
            });
        }
        locks.lock(List.of(store));
        List<X509CertificateHolder> ordered = IssuerChain.installationOrder(store, certificates,
                issuerName -> CertificateEntry.findByUnitAndSubject(store, issuerName.toString()).stream()
                        .map(e -> e.holder().getSubjectPublicKeyInfo()).toList());

        Instant now = clock.instant();
        String text = description == null || description.isBlank() ? "Trust certificate" : description.strip();
        List<CertificateEntry> imported = new ArrayList<>();
        List<CertificateEntry> present = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        for (X509CertificateHolder certificate : ordered) {
            CertificateFacts facts = CertificateFacts.of(certificate);
            var existing = CertificateEntry.findByUnitAndSha256(store, facts.sha256());
            if (existing.isPresent()) {
                present.add(existing.get());
                continue;
            }
            if (imported.stream().anyMatch(e -> e.sha256.equals(facts.sha256()))) {
                continue; // the same certificate twice in one upload
            }
            if (facts.expiredAt(now)) {
                warnings.add(new Warning(facts.sha256(), "expired", "\"" + facts.commonName() + "\" expired on "
                        + facts.notAfter() + "; it was imported but cannot validate anything."));
            } else if (facts.notBefore().isAfter(now)) {
                warnings.add(new Warning(facts.sha256(), "not-yet-valid", "\"" + facts.commonName()
                        + "\" is not valid before " + facts.notBefore() + "."));
            }
            CertificateEntry entry = CertificateEntry.of(store, Usage.TRUST, CertificateType.TRUST, text, certificate, now);
            entry.persist();
            imported.add(entry);
        }
        return new Result(imported, present, warnings);
    }
}
