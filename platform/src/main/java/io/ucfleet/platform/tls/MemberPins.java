package io.ucfleet.platform.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import javax.net.ssl.SSLContext;

import org.jboss.logging.Logger;

import io.ucfleet.platform.replication.Change;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.replication.WebRotation;

/**
 * What one of ucfleet's own services (cluster-sync, ctl-service, lab-ca) trusts each node's
 * HTTPS by (README, "HTTPS only"), in its database's {@code member_certificate}: the
 * certificate the node presented first (trust on first use); each certificate the node's own
 * feed announced since, read over a connection verified so ({@link #learn}: cluster-sync); and
 * each a chain of rotations signed with a trusted certificate's key leads to
 * ({@link #followRotations}: a node regenerated or CA-signed its tomcat and restarted Cisco
 * Tomcat while this service did not see it). What cannot be followed so (a node reinstalled, its
 * data lost) is refused until an administrator forgets the node's certificates
 * ({@code DELETE /ucfleet/v1/member-certificates?member=}), as the launcher's {@code fresh}
 * does for the nodes it reinstalls. {@link io.ucfleet.platform.cluster.ClusterChannel} made with
 * it verifies by it, follows rotations, and drops its connections when something is forgotten.
 */
public final class MemberPins implements PinnedTrust.Pins {
    private static final Logger LOG = Logger.getLogger(MemberPins.class);
    static final String FIRST_USE = "first-use";
    static final String ANNOUNCED = "announced";
    static final String ROTATED = "rotated";
    static final String ROTATIONS = "/.well-known/ucfleet/web-certificate-rotations";

    private final DataSource dataSource;
    private final Clock clock;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    /** Who trusts, in refusals: "cluster-sync". */
    private final String service;

    public MemberPins(DataSource dataSource, Clock clock, com.fasterxml.jackson.databind.ObjectMapper json, String service) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.json = json;
        this.service = service;
    }

    /** One certificate trusted for a member, and how it was learned. */
    public record Known(String peer, String sha256, String subject, String learned, Instant learnedAt) {
    }

    static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(5);
    static final int MAX_ROTATIONS_BODY = 1 << 20;
    private final Map<String, Long> followed = new java.util.concurrent.ConcurrentHashMap<>();

    /** SHA-256s per peer as the table holds them; null: to be read again. */
    private volatile Map<String, Set<String>> cache;
    private SSLContext context;
    private long contextGeneration = -1;
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The TLS context the service calls its members with; a new one (no TLS session to resume,
     * so every member's certificate is checked again) once certificates were forgotten.
     */
    public SSLContext context() {
        long g = generation.get();
        synchronized (this) {
            if (context == null || contextGeneration != g) {
                context = new PinnedTrust(this).context();
                contextGeneration = g;
            }
            return context;
        }
    }

    @Override
    public void check(String peer, X509Certificate presented, String sha256) throws CertificateException {
        Set<String> known;
        try {
            known = known().getOrDefault(peer, Set.of());
            if (known.contains(sha256)) {
                return;
            }
            synchronized (this) { // one first use per peer, even when two connections open at once
                known = known().getOrDefault(peer, Set.of());
                if (known.contains(sha256)) {
                    return;
                }
                if (known.isEmpty()) {
                    insert(peer, sha256, presented.getSubjectX500Principal().getName(), presented.getEncoded(), FIRST_USE);
                    LOG.infof("https://%s presented %s (SHA-256 %s) for the first time: pinned", peer,
                            presented.getSubjectX500Principal().getName(), sha256);
                    return;
                }
            }
        } catch (SQLException e) {
            throw new CertificateException(service + "'s database is unavailable, so the certificate https://" + peer
                    + " presented cannot be checked against the one pinned for it", e);
        }
        throw new CertificateException("the certificate https://" + peer + " presented ("
                + presented.getSubjectX500Principal().getName() + ", SHA-256 " + sha256 + ") is not one " + service
                + " trusts for it: not the one it presented first, nor one it announced or rotated to by a signed rotation since"
                + " (trusted: " + String.join(", ", known) + "). If the node was reinstalled, forget its certificates:"
                + " DELETE /ucfleet/v1/member-certificates?member=https://" + peer);
    }

    /**
     * Learns what {@code change}, read from the feed of the member at {@code memberUrl} (node
     * {@code node}), announces: an import of the node's own identity (the tomcat exchange's copy
     * of a regenerated or installed certificate), which it will present once its web service
     * restarts. Anything else announces nothing.
     */
    public void learn(String memberUrl, String node, Change change) throws SQLException {
        if (change.operation() != Change.Operation.IMPORT || change.sourceUnit() == null || change.der() == null
                || !node.equals(change.origin()) || !memberUrl.regionMatches(true, 0, "https:", 0, 6)) {
            return;
        }
        String peer = PinnedTrust.peer(memberUrl);
        if (known().getOrDefault(peer, Set.of()).contains(change.sha256())) {
            return;
        }
        X509Certificate announced = parse(change.der());
        String sha256;
        try {
            sha256 = announced == null ? null : PinnedTrust.sha256(announced);
        } catch (CertificateException e) {
            sha256 = null;
        }
        if (sha256 == null) {
            return; // the nodes refuse such an entry; it will never be presented
        }
        String subject = announced.getSubjectX500Principal().getName();
        insert(peer, sha256, subject, change.der(), ANNOUNCED);
        LOG.infof("%s (%s) announced its %s %s (SHA-256 %s): trusted when it presents it", memberUrl, node,
                change.sourceUnit(), subject, sha256);
    }

    /**
     * After the member at {@code memberUrl} presented a certificate not trusted for it: reads its
     * chain of web certificate rotations ({@link WebRotation}: public, so no credentials are sent,
     * over a connection whose certificate is only recorded) and trusts the certificate presented
     * there if rotations signed link by link lead to it from one trusted for the member (the node
     * regenerated or installed its tomcat and restarted Cisco Tomcat while this service could not
     * read its feed). Answers whether it is trusted now. At most one try per member in
     * {@link #FOLLOW_INTERVAL}, as an impostor would be asked at every retry.
     */
    public boolean followRotations(String memberUrl) {
        String peer = PinnedTrust.peer(memberUrl);
        long now = System.nanoTime(); // a pace, not a time: lab-ca's simulated clock may be moved back
        Long last = followed.get(peer);
        if (last != null && now - last < FOLLOW_INTERVAL.toNanos()) {
            return false;
        }
        followed.put(peer, now);
        try {
            Map<String, X509Certificate> trusted = new HashMap<>(certificates(peer));
            if (trusted.isEmpty()) {
                return false; // nothing pinned: the next handshake pins what it presents
            }
            Recording recording = new Recording();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(recording.context())
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(
                    io.ucfleet.platform.cluster.ClusterChannel.normalise(memberUrl) + ROTATIONS)).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_ROTATIONS_BODY + 1);
            }
            X509Certificate presented = recording.presented;
            if (response.statusCode() != 200 || body.length > MAX_ROTATIONS_BODY || presented == null) {
                LOG.debugf("%s%s answered %d (%d bytes): no rotation followed", memberUrl, ROTATIONS, response.statusCode(),
                        body.length);
                return false;
            }
            String presentedSha = PinnedTrust.sha256(presented);
            if (trusted.containsKey(presentedSha)) {
                return true;
            }
            List<WebRotation> chain = json.readValue(body, new com.fasterxml.jackson.core.type.TypeReference<List<WebRotation>>() {
            });
            Map<String, X509Certificate> learned = new java.util.LinkedHashMap<>();
            for (boolean grew = true; grew;) {
                grew = false;
                for (WebRotation link : chain) {
                    X509Certificate previous = link == null ? null : trusted.get(link.previousSha256());
                    if (previous == null || link.sha256() == null || link.der() == null || trusted.containsKey(link.sha256())) {
                        continue;
                    }
                    X509Certificate next = parse(link.der());
                    if (next != null && PinnedTrust.sha256(next).equals(link.sha256()) && link.signedBy(previous)) {
                        trusted.put(link.sha256(), next);
                        learned.put(link.sha256(), next);
                        grew = true;
                    }
                }
            }
            if (!learned.containsKey(presentedSha)) {
                LOG.warnf("%s presents %s (SHA-256 %s), which no signed rotation from a certificate trusted for it leads to",
                        memberUrl, presented.getSubjectX500Principal().getName(), presentedSha);
                return false;
            }
            for (var l : learned.entrySet()) {
                insert(peer, l.getKey(), l.getValue().getSubjectX500Principal().getName(), l.getValue().getEncoded(), ROTATED);
            }
            LOG.infof("%s presents %s (SHA-256 %s): trusted through %d signed rotation(s) from the certificate pinned for it",
                    memberUrl, presented.getSubjectX500Principal().getName(), presentedSha, learned.size());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException | SQLException | CertificateException | RuntimeException e) {
            LOG.debugf(e, "%s: its web certificate rotations could not be followed", memberUrl);
            return false;
        }
    }

    /** What a connection's server presented, accepted whatever it is: only for reading public material, no credentials sent. */
    private static final class Recording extends ServerTrust {
        volatile X509Certificate presented;

        @Override
        protected void check(X509Certificate[] chain, String peer) {
            presented = chain[0];
        }
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            return null;
        }
    }

    /** The certificates trusted for a peer, by SHA-256. */
    private Map<String, X509Certificate> certificates(String peer) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select sha256, der from member_certificate where peer = ?")) {
            s.setString(1, peer);
            try (ResultSet r = s.executeQuery()) {
                Map<String, X509Certificate> known = new HashMap<>();
                while (r.next()) {
                    X509Certificate cert = parse(r.getBytes(2));
                    if (cert != null) {
                        known.put(r.getString(1), cert);
                    }
                }
                return known;
            }
        }
    }

    /** What {@link #forget} did. */
    public record Forgotten(String member, int forgotten) {
    }

    /**
     * Forgets the certificates of the member at {@code member} (its HTTPS base URL): what it
     * presents next is pinned as on first use. A value that is no such URL is a 400 naming it.
     */
    public Forgotten forget(String member) {
        URI url;
        try {
            url = member == null || member.chars().anyMatch(Character::isISOControl) ? null : new URI(member.strip());
        } catch (java.net.URISyntaxException e) {
            url = null;
        }
        if (url == null || !"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "member must be a node's HTTPS base URL, e.g."
                    + " https://127.0.0.1:8443" + (member == null ? "; it is missing."
                            : ", not \"" + member.replaceAll("\\p{Cntrl}", "?") + "\"."));
        }
        try {
            return new Forgotten(member.strip(), delete("delete from member_certificate where peer = ?",
                    PinnedTrust.peer(member)));
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private DomainProblem unavailable(SQLException e) {
        LOG.debugf(e, "%s: member certificates", service);
        return new DomainProblem(ProblemType.DATABASE_UNAVAILABLE, service + "'s database cannot be reached; try again shortly.");
    }

    /** As {@link #forgetAll}, a 503 problem if the database cannot be reached (a management API's reset). */
    public int forgetAllOnReset() {
        try {
            return forgetAll();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Forgets every member's certificates (the service's reset: the launcher's fresh fleet, every node reinstalled). */
    public int forgetAll() throws SQLException {
        return delete("delete from member_certificate", null);
    }

    /** The table was replaced (a snapshot restored): read it again at the next handshake. */
    public void reread() {
        cache = null;
        generation.incrementAndGet();
    }

    /**
     * Changes whenever certificates were forgotten or replaced: a client's connections, verified
     * by what was trusted then, are to be dropped (its next handshake is checked again).
     */
    public long generation() {
        return generation.get();
    }

    /** Every member's trusted certificates, by member and age. */
    public List<Known> list() {
        try {
            return rows();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private List<Known> rows() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select peer, sha256, subject, learned, learned_at from member_certificate order by peer, learned_at, sha256");
                ResultSet r = s.executeQuery()) {
            List<Known> known = new ArrayList<>();
            while (r.next()) {
                known.add(new Known(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getTimestamp(5).toInstant()));
            }
            return known;
        }
    }

    private Map<String, Set<String>> known() throws SQLException {
        Map<String, Set<String>> c = cache;
        if (c == null) {
            Map<String, Set<String>> read = new HashMap<>();
            for (Known k : rows()) {
                read.computeIfAbsent(k.peer(), p -> new HashSet<>()).add(k.sha256());
            }
            c = Map.copyOf(read);
            cache = c;
        }
        return c;
    }

    private synchronized void insert(String peer, String sha256, String subject, byte[] der, String learned) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into member_certificate (peer, sha256, subject, der, learned, learned_at) values (?, ?, ?, ?, ?, ?)"
                        + " on conflict do nothing")) {
            s.setString(1, peer);
            s.setString(2, sha256);
            s.setString(3, subject);
            s.setBytes(4, der);
            s.setString(5, learned);
            s.setTimestamp(6, Timestamp.from(clock.instant()));
            s.executeUpdate();
        } finally {
            cache = null;
        }
    }

    private synchronized int delete(String sql, String peer) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (peer != null) {
                s.setString(1, peer);
            }
            return s.executeUpdate();
        } finally {
            cache = null;
            generation.incrementAndGet();
        }
    }
}
