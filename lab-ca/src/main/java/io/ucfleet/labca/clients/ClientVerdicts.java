package io.ucfleet.labca.clients;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.labca.config.LabCaConfig;
import io.ucfleet.labca.x509.Fingerprint;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.revocation.CertificateRef;
import io.ucfleet.platform.revocation.RevocationCheck;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.tls.Deadline;
import io.ucfleet.platform.tls.ProbeFailure;
import io.ucfleet.platform.tls.TlsProbe;
import io.ucfleet.platform.tls.XmppStartTls;
import io.ucfleet.platform.x509.TimeEncoding;

/**
 * "Will this client trust this node?" (issue 10 §2): judges a server certificate as the clients of
 * seeds 000 and 001 do. The chain comes from a real handshake (STARTTLS for XMPP) or an upload;
 * the trust from a bundle, the nodes' tomcat-trust or the system roots; then, in order: time
 * encoding (002), key size, the path to a trusted root, validity by the lab's clock, serverAuth,
 * identity per protocol (000, 001), revocation (001, 004). Every finding becomes a reason whose
 * severity ({@link ReasonCode}) decides {@code trusted}, {@code prompt} or {@code refused}. The
 * whole verdict is bounded by a deadline; nothing is installed or stored.
 */
@ApplicationScoped
public class ClientVerdicts {
    public static final Duration MAX_REVOCATION_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    io.ucfleet.platform.tls.MemberPins pins;
    @Inject
    Clock clock;
    @Inject
    LabCaConfig config;

    private ExecutorService workers;
    private ScheduledExecutorService watchdog;
    private HttpClient http;

    @PostConstruct
    void start() {
        workers = Executors.newFixedThreadPool(8, daemon("client-verdict-"));
        watchdog = Executors.newSingleThreadScheduledExecutor(daemon("client-verdict-watchdog-"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
        watchdog.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The validated request. */
    private record Plan(ClientKind client, Protocol protocol, String host, int port, String serverName, String xmppDomain,
            String chainPem, RevocationPolicy revocation, Duration deadline, List<String> notes) {
    }

    /** A finding before it is weighed for a client. */
    private record Finding(ReasonCode code, CertificateRef certificate, String field, String detail) {
    }

    /** The concatenated tomcat-trust of the nodes (seed 001's .pem), with the configured reader account. */
    public TrustSources.TrustBundle clientTrustBundle(List<String> nodes, String username, String password) {
        String[] account = account(username, password);
        return TrustSources.nodes(nodes, account[0], account[1], Deadline.in(config.clientVerdicts().deadline()), pins);
    }

    public Verdict judge(VerdictRequest request) {
        Plan plan = plan(request);
        Deadline deadline = Deadline.in(plan.deadline());
        Instant now = clock.instant();

        long t = System.nanoTime();
        TrustSources.TrustBundle trust = trust(request.trust(), deadline);
        long trustMillis = (System.nanoTime() - t) / 1_000_000;

        List<X509Certificate> presented;
        TlsProbe.Presented probe = null;
        if (plan.chainPem() != null) {
            presented = TrustSources.certificates(plan.chainPem(), "target.chain");
        } else {
            try {
                probe = TlsProbe.probe(plan.host(), plan.port(), plan.protocol().xmpp()
                        ? new XmppStartTls.Stream(plan.xmppDomain(), plan.protocol().streamNamespace) : null,
                        plan.protocol().xmpp() ? plan.xmppDomain() : plan.serverName(),
                        config.clientVerdicts().connectTimeout(), config.clientVerdicts().handshakeTimeout(), deadline,
                        watchdog);
            } catch (TlsProbe.Failed e) {
                return unreachable(plan, trust, e, deadline, trustMillis, now);
            }
            presented = probe.chain();
        }

        List<Finding> findings = new ArrayList<>();
        CertificatePath.Built built = CertificatePath.build(presented, trust.certificates(), now);
        List<X509Certificate> path = built.path();
        List<CertificateRef> refs = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            refs.add(ref(i, path.get(i)));
        }
        for (int i = 0; i < path.size(); i++) {
            X509Certificate c = path.get(i);
            CertificateRef ref = refs.get(i);
            TimeEncoding.formAndYears(org.bouncycastle.asn1.x509.Certificate.getInstance(der(c))).ifPresent(v -> findings.add(
                    new Finding(ReasonCode.TIME_ENCODING, ref, "validity." + v.field(), v.detail())));
            if (i != built.anchorPosition() || i == 0) {
                KeyStrength.check(c.getPublicKey()).ifPresent(k -> findings.add(new Finding(k.code(), ref,
                        "subjectPublicKeyInfo", k.detail())));
            }
            if (now.isAfter(c.getNotAfter().toInstant())) {
                findings.add(new Finding(ReasonCode.EXPIRED, ref, "validity.notAfter", "expired at "
                        + c.getNotAfter().toInstant() + " (the lab's clock says " + now + ")"));
            } else if (now.isBefore(c.getNotBefore().toInstant())) {
                findings.add(new Finding(ReasonCode.NOT_YET_VALID, ref, "validity.notBefore", "valid only from "
                        + c.getNotBefore().toInstant() + " (the lab's clock says " + now + ")"));
            }
        }
        for (CertificatePath.Finding f : built.findings()) {
            findings.add(new Finding(f.code(), refs.get(Math.min(f.position(), refs.size() - 1)), f.field(), f.detail()));
        }
        serverAuth(path.get(0)).ifPresent(d -> findings.add(new Finding(ReasonCode.NOT_FOR_SERVER_AUTH, refs.get(0),
                "extendedKeyUsage", d)));

        String reference = reference(plan);
        Verdict.IdentityView identity = null;
        if (reference == null) {
            findings.add(new Finding(ReasonCode.NO_REFERENCE_IDENTITY, refs.get(0), "subjectAltName",
                    "no serverName" + (plan.protocol().xmpp() ? " or xmppDomain" : "") + " given: the identity is not checked"));
        } else {
            ServerIdentity.Names names = ServerIdentity.names(path.get(0));
            ServerIdentity.Match match = plan.protocol().xmpp() ? ServerIdentity.xmpp(names, reference, plan.protocol())
                    : ServerIdentity.http(names, reference);
            identity = new Verdict.IdentityView(match.matched(), match.field(), match.value());
            if (!match.matched()) {
                findings.add(new Finding(match.reason(), refs.get(0), match.field(), match.detail()));
            }
        }

        long r = System.nanoTime();
        List<RevocationCheck.Status> revocation = revocation(plan, built, refs, deadline, findings);
        long revocationMillis = (System.nanoTime() - r) / 1_000_000;

        Verdict.TargetView target = new Verdict.TargetView(plan.chainPem() != null ? "chain" : "endpoint", plan.host(),
                plan.chainPem() != null ? null : plan.port(), plan.protocol().id, plan.serverName(), plan.xmppDomain(),
                reference, probe == null ? null : probe.tlsVersion(), probe == null ? null : probe.cipherSuite(),
                probe != null && probe.startTls(), identity);
        return answer(plan, target, trust, findings, chain(built, presented), revocation, deadline, now,
                new Verdict.Timings(probe == null ? null : probe.connectMillis(), probe == null ? null : probe.handshakeMillis(),
                        trustMillis, revocationMillis));
    }

    private List<RevocationCheck.Status> revocation(Plan plan, CertificatePath.Built built, List<CertificateRef> refs,
            Deadline deadline, List<Finding> findings) {
        RevocationPolicy policy = plan.revocation();
        if (policy.mode() == RevocationPolicy.Mode.OFF) {
            findings.add(new Finding(ReasonCode.REVOCATION_NOT_CHECKED, null, "revocation", "revocation mode off"));
            return List.of();
        }
        RevocationCheck check = new RevocationCheck(http, watchdog, clock, config.clientVerdicts().maxCrlBytes(),
                config.clientVerdicts().maxOcspBytes());
        List<X509Certificate> path = built.path();
        List<Future<RevocationCheck.Status>> pending = new ArrayList<>();
        List<RevocationCheck.Status> statuses = new ArrayList<>();
        int last = built.anchored() ? path.size() - 1 : path.size();
        for (int i = 0; i < last; i++) {
            final int position = i;
            Optional<X509Certificate> issuer = built.issuerOf(i);
            if (issuer.isEmpty()) {
                statuses.add(new RevocationCheck.Status(refs.get(i), "not-checked", null, null, null,
                        "its issuer is unknown, so no answer about it could be verified", List.of()));
                continue;
            }
            pending.add(workers.submit(() -> check.check(refs.get(position), path.get(position), issuer.get(), policy.timeout(),
                    plan.client().revocationMandatory, deadline)));
        }
        List<RevocationCheck.Status> checked = new ArrayList<>();
        for (Future<RevocationCheck.Status> f : pending) {
            try {
                checked.add(f.get(deadline.remaining().toMillis() + 250, TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                f.cancel(true);
                checked.add(null);
            }
        }
        int k = 0;
        for (int i = 0; i < last; i++) {
            if (built.issuerOf(i).isEmpty()) {
                continue;
            }
            RevocationCheck.Status s = checked.get(k++);
            if (s == null) {
                s = new RevocationCheck.Status(refs.get(i), "unavailable", null, null, null, "no status before the verdict's"
                        + " deadline", List.of());
            }
            statuses.add(s);
            weigh(s, policy, findings);
        }
        statuses.sort(java.util.Comparator.comparingInt(s -> s.certificate().position()));
        return statuses;
    }

    private static void weigh(RevocationCheck.Status s, RevocationPolicy policy, List<Finding> findings) {
        boolean required = policy.mode() == RevocationPolicy.Mode.REQUIRED;
        String where = s.source() == null ? "" : " (" + s.method() + " " + s.source() + ")";
        switch (s.status()) {
            case "revoked" -> findings.add(new Finding(ReasonCode.REVOKED, s.certificate(), "serialNumber", s.detail() + where));
            case "crl-expired" -> findings.add(new Finding(ReasonCode.CRL_EXPIRED, s.certificate(), "cRLDistributionPoints",
                    s.detail() + where));
            case "no-pointers" -> findings.add(new Finding(required ? ReasonCode.NO_REVOCATION_INFO
                    : ReasonCode.TREATED_AS_NOT_REVOKED, s.certificate(), "cRLDistributionPoints, authorityInfoAccess",
                    s.detail() + (required ? "" : "; best-effort: not checked")));
            case "unavailable" -> {
                ReasonCode code = required ? ReasonCode.REVOCATION_UNAVAILABLE
                        : policy.fallback() == RevocationPolicy.Fallback.TREAT_AS_REVOKED ? ReasonCode.TREATED_AS_REVOKED
                                : ReasonCode.TREATED_AS_NOT_REVOKED;
                findings.add(new Finding(code, s.certificate(), s.method() == null ? "cRLDistributionPoints, authorityInfoAccess"
                        : s.method().equals("ocsp") ? "authorityInfoAccess.ocsp" : "cRLDistributionPoints", s.detail()));
            }
            default -> {
            }
        }
    }

    private Verdict answer(Plan plan, Verdict.TargetView target, TrustSources.TrustBundle trust, List<Finding> findings,
            List<Verdict.ChainEntry> chain, List<RevocationCheck.Status> revocation, Deadline deadline, Instant now,
            Verdict.Timings timings) {
        List<Reason> reasons = new ArrayList<>();
        List<Reason> warnings = new ArrayList<>();
        for (Finding f : findings) {
            Reason reason = Reason.of(f.code(), plan.client(), f.certificate(), f.field(), f.detail());
            (reason.severityValue() == Severity.WARNING ? warnings : reasons).add(reason);
        }
        VerdictKind verdict = kind(findings, plan.client());
        Map<String, ClientKind.ClientAnswer> clients = new LinkedHashMap<>();
        String shown = target.serverName() != null ? target.serverName() : target.host();
        List<ClientKind> asked = new ArrayList<>(List.of(ClientKind.JABBER));
        if (!plan.protocol().xmpp()) {
            asked.add(ClientKind.LYNC);
        }
        if (plan.client() == ClientKind.MRA) {
            asked.add(ClientKind.MRA);
        }
        for (ClientKind c : asked) {
            VerdictKind v = kind(findings, c);
            clients.put(c.id, c.answer(v, shown, firstRefusal(findings, c)));
        }
        RevocationPolicy p = plan.revocation();
        return new Verdict(verdict.id, plan.client().id, target, new Verdict.TrustView(trust.source(),
                trust.certificates().size(), trust.nodes()), reasons, warnings, chain,
                new Verdict.RevocationView(p.mode().id, p.fallback().id, p.timeout().toString(), revocation), clients, now,
                deadline.elapsedMillis(), timings, plan.notes());
    }

    private static VerdictKind kind(List<Finding> findings, ClientKind client) {
        return VerdictKind.of(findings.stream().map(f -> f.code().severityFor(client)).toList());
    }

    private static String firstRefusal(List<Finding> findings, ClientKind client) {
        return findings.stream().filter(f -> f.code().severityFor(client) == Severity.REFUSED).map(f -> f.code().id)
                .findFirst().orElse("");
    }

    private Verdict unreachable(Plan plan, TrustSources.TrustBundle trust, TlsProbe.Failed e, Deadline deadline,
            long trustMillis, Instant now) {
        List<Finding> findings = List.of(new Finding(reason(e.kind), null, "target", e.getMessage()));
        Verdict.TargetView target = new Verdict.TargetView("endpoint", plan.host(), plan.port(), plan.protocol().id,
                plan.serverName(), plan.xmppDomain(), reference(plan), null, null, false, null);
        return answer(plan, target, trust, findings, List.of(), List.of(), deadline, now,
                new Verdict.Timings(null, null, trustMillis, 0));
    }

    /** The probe's failure as one of the verdict's reasons (the "reaching the server" rows of {@link ReasonCode}). */
    static ReasonCode reason(ProbeFailure kind) {
        return switch (kind) {
            case UNKNOWN_HOST -> ReasonCode.UNKNOWN_HOST;
            case CONNECTION_REFUSED -> ReasonCode.CONNECTION_REFUSED;
            case CONNECT_TIMEOUT -> ReasonCode.CONNECT_TIMEOUT;
            case NOT_TLS -> ReasonCode.NOT_TLS;
            case HANDSHAKE_TIMEOUT -> ReasonCode.HANDSHAKE_TIMEOUT;
            case HANDSHAKE_FAILED -> ReasonCode.HANDSHAKE_FAILED;
            case STARTTLS_FAILED -> ReasonCode.STARTTLS_FAILED;
        };
    }

    private static Optional<String> serverAuth(X509Certificate leaf) {
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            if (eku == null || eku.contains("1.3.6.1.5.5.7.3.1") || eku.contains("2.5.29.37.0")) {
                return Optional.empty();
            }
            return Optional.of("extendedKeyUsage " + eku + " has no serverAuth (1.3.6.1.5.5.7.3.1)");
        } catch (java.security.cert.CertificateParsingException e) {
            return Optional.of("extendedKeyUsage cannot be decoded");
        }
    }

    private static String reference(Plan plan) {
        if (plan.protocol().xmpp()) {
            return plan.xmppDomain();
        }
        return plan.serverName() != null ? plan.serverName() : plan.host();
    }

    private TrustSources.TrustBundle trust(VerdictRequest.Trust trust, Deadline deadline) {
        if (trust == null) {
            throw invalid("\"trust\" names what the client trusts: {\"bundle\": PEM}, {\"nodes\": [node URLs]} or"
                    + " {\"system\": true}.");
        }
        int given = (trust.bundle() != null ? 1 : 0) + (trust.nodes() != null ? 1 : 0) + (Boolean.TRUE.equals(trust.system())
                ? 1 : 0);
        if (given != 1) {
            throw invalid("\"trust\" takes exactly one of \"bundle\", \"nodes\" and \"system\": true.");
        }
        if (trust.bundle() != null) {
            return TrustSources.bundle(trust.bundle());
        }
        if (trust.nodes() != null) {
            String[] account = account(trust.username(), trust.password());
            return TrustSources.nodes(trust.nodes(), account[0], account[1], deadline, pins);
        }
        return TrustSources.system();
    }

    /** The request's account, else the configured reader, else enrollment's; a request's username never gets a configured password. */
    private String[] account(String username, String password) {
        var c = config.clientVerdicts();
        if (username != null) {
            if (password == null) {
                throw invalid("\"trust.username\" needs \"trust.password\".");
            }
            return new String[] { username, password };
        }
        if (c.nodeReaderUsername().isPresent()) {
            return new String[] { c.nodeReaderUsername().get(), c.nodeReaderPassword().orElseThrow(() -> invalid(
                    "ucfleet.lab-ca.client-verdicts.node-reader-password is not configured.")) };
        }
        if (config.nodeUsername().isPresent() && config.nodePassword().isPresent()) {
            return new String[] { config.nodeUsername().get(), config.nodePassword().get() };
        }
        throw invalid("No account to read the nodes' tomcat-trust with: give \"trust.username\" and \"trust.password\", or"
                + " configure ucfleet.lab-ca.client-verdicts.node-reader-username and -password.");
    }

    private Plan plan(VerdictRequest r) {
        if (r == null || r.target() == null) {
            throw invalid("\"target\" is {\"host\", \"port\", \"protocol\", \"serverName\", \"xmppDomain\"} or {\"chain\": PEM}.");
        }
        List<String> notes = new ArrayList<>();
        ClientKind client = r.client() == null ? ClientKind.JABBER : ClientKind.byId(r.client()).orElseThrow(() -> invalid(
                "\"client\" is one of " + ClientKind.ids() + ", not \"" + r.client() + "\"."));
        VerdictRequest.Target t = r.target();
        Protocol protocol = t.protocol() == null ? Protocol.HTTPS : Protocol.byId(t.protocol()).orElseThrow(() -> invalid(
                "\"target.protocol\" is one of " + Protocol.ids() + ", not \"" + t.protocol() + "\"."));
        if (client == ClientKind.LYNC && protocol.xmpp()) {
            throw invalid("UC Integration for Microsoft Lync validates HTTP (Tomcat) certificates only (seed 000); use"
                    + " \"client\": \"jabber\" for XMPP.");
        }
        String serverName = blank(t.serverName());
        String xmppDomain = blank(t.xmppDomain());
        String host = blank(t.host());
        int port = 0;
        if (t.chain() != null) {
            if (host != null || t.port() != null) {
                throw invalid("\"target\" takes \"host\"/\"port\" or \"chain\", not both.");
            }
        } else {
            if (host == null || host.length() > 253 || !host.matches("[A-Za-z0-9.:\\[\\]_-]+")) {
                throw invalid("\"target.host\" is a host name or IP address" + (host == null ? "" : ", not \"" + shorten(host)
                        + "\"") + " (or give \"target.chain\").");
            }
            port = t.port() == null ? protocol.defaultPort : t.port();
            if (port < 1 || port > 65535) {
                throw invalid("\"target.port\" is 1 to 65535, not " + port + ".");
            }
        }
        if (serverName != null && !ServerIdentity.dnsName(serverName) && !ServerIdentity.ipLiteral(serverName)) {
            throw invalid("\"target.serverName\" is a host name or an IP address, not \"" + shorten(serverName) + "\".");
        }
        if (protocol.xmpp() && xmppDomain == null) {
            xmppDomain = serverName != null ? serverName : host;
            if (xmppDomain != null) {
                notes.add("no xmppDomain given: the XMPP domain is taken to be " + xmppDomain);
            }
        }
        if (xmppDomain != null && !ServerIdentity.dnsName(xmppDomain)) {
            throw invalid("\"target.xmppDomain\" is a DNS domain, not \"" + shorten(xmppDomain) + "\".");
        }
        if (!protocol.xmpp() && t.xmppDomain() != null) {
            notes.add("xmppDomain is ignored for https");
        }
        RevocationPolicy revocation = revocation(r.revocation(), client, notes);
        Duration max = config.clientVerdicts().deadline();
        Duration deadline = r.deadline() == null ? max : duration("deadline", r.deadline());
        if (deadline.compareTo(max) > 0 || deadline.toMillis() < 100) {
            throw invalid("\"deadline\" is PT0.1S to " + max + " (ucfleet.lab-ca.client-verdicts.deadline), not " + r.deadline()
                    + ".");
        }
        return new Plan(client, protocol, host, port, serverName, xmppDomain, t.chain(), revocation, deadline, notes);
    }

    private static RevocationPolicy revocation(VerdictRequest.Revocation r, ClientKind client, List<String> notes) {
        RevocationPolicy.Mode mode = client.revocationMandatory ? RevocationPolicy.Mode.REQUIRED
                : RevocationPolicy.Mode.BEST_EFFORT;
        RevocationPolicy.Fallback fallback = RevocationPolicy.Fallback.TREAT_AS_NOT_REVOKED;
        Duration timeout = RevocationPolicy.DEFAULT_TIMEOUT;
        if (r != null) {
            if (r.mode() != null) {
                RevocationPolicy.Mode asked = RevocationPolicy.Mode.byId(r.mode()).orElseThrow(() -> invalid(
                        "\"revocation.mode\" is one of " + RevocationPolicy.Mode.ids() + ", not \"" + r.mode() + "\"."));
                if (client.revocationMandatory && asked != RevocationPolicy.Mode.REQUIRED) {
                    notes.add("revocation mode " + asked.id + " ignored: Mobile and Remote Access requires a revocation"
                            + " answer (seed 001)");
                } else {
                    mode = asked;
                }
            }
            if (r.fallback() != null) {
                fallback = RevocationPolicy.Fallback.byId(r.fallback()).orElseThrow(() -> invalid("\"revocation.fallback\""
                        + " is one of " + RevocationPolicy.Fallback.ids() + ", not \"" + r.fallback() + "\"."));
            }
            if (r.timeout() != null) {
                timeout = duration("revocation.timeout", r.timeout());
                if (timeout.toMillis() < 100 || timeout.compareTo(MAX_REVOCATION_TIMEOUT) > 0) {
                    throw invalid("\"revocation.timeout\" is PT0.1S to " + MAX_REVOCATION_TIMEOUT + ", not " + r.timeout() + ".");
                }
                if (client.revocationMandatory && timeout.compareTo(RevocationPolicy.DEFAULT_TIMEOUT) > 0) {
                    notes.add("revocation timeout " + timeout + " is longer than the 5 seconds Mobile and Remote Access waits"
                            + " (seed 001)");
                }
            }
        }
        return new RevocationPolicy(mode, fallback, timeout);
    }

    private List<Verdict.ChainEntry> chain(CertificatePath.Built built, List<X509Certificate> presented) {
        List<Verdict.ChainEntry> entries = new ArrayList<>();
        List<X509Certificate> path = built.path();
        for (int i = 0; i < path.size(); i++) {
            entries.add(entry(i, built.fromTrustStore().contains(i) && !CertificatePath.contains(presented, path.get(i))
                    ? "trust-store" : "server", path.get(i)));
        }
        int n = path.size();
        for (X509Certificate c : presented) {
            if (!CertificatePath.contains(path, c)) {
                entries.add(entry(n++, "unused", c));
            }
        }
        return entries;
    }

    private static Verdict.ChainEntry entry(int position, String origin, X509Certificate c) {
        ServerIdentity.Names names = ServerIdentity.names(c);
        return new Verdict.ChainEntry(position, origin, c.getSubjectX500Principal().getName(),
                c.getIssuerX500Principal().getName(), HexFormat.of().formatHex(c.getSerialNumber().toByteArray()),
                c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), KeyStrength.type(c.getPublicKey()),
                KeyStrength.bits(c.getPublicKey()), c.getSigAlgName(), CertificatePath.selfSigned(c), c.getBasicConstraints() >= 0,
                names.all(), RevocationCheck.crlUrls(c), RevocationCheck.ocspUrls(c), Fingerprint.sha256(der(c)));
    }

    private static CertificateRef ref(int position, X509Certificate c) {
        return new CertificateRef(position, c.getSubjectX500Principal().getName(), Fingerprint.sha256(der(c)));
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Duration duration(String field, String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid("\"" + field + "\" is an ISO-8601 duration (PT5S), not \"" + shorten(value) + "\".");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static DomainProblem invalid(String detail) {
        return new DomainProblem(ProblemType.INVALID_REQUEST, detail);
    }
}
