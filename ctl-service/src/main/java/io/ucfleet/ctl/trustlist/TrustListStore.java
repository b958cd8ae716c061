package io.ucfleet.ctl.trustlist;

import io.ucfleet.platform.cluster.SecurityMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.ucfleet.platform.database.Snapshot;
import java.util.Set;

/** The security mode and every CTL/ITL version, in ctl-service's own PostgreSQL. Plain JDBC. */
@ApplicationScoped
public class TrustListStore {

    @Inject
    DataSource dataSource;

    /** A stored file; {@code content} is null in listings. */
    public record StoredFile(long id, String kind, String tftpNode, int version, byte[] content, int length, String md5,
            String sha1, String digest, String securityMode, String reason, Instant createdAt) {
    }

    public record EntryRow(int recordNumber, String node, String unit, String role, String sha256) {
    }

    public record Mode(String mode, Instant changedAt) {
    }

    /** The cluster's security mode; non-secure until set. */
    public SecurityMode securityMode() {
        return mode().flatMap(m -> SecurityMode.parse(m.mode())).orElse(SecurityMode.NON_SECURE);
    }

    public Optional<Mode> mode() {
        return query("select mode, changed_at from cluster_security where id = 1", List.of(),
                rs -> new Mode(rs.getString(1), rs.getTimestamp(2).toInstant())).stream().findFirst();
    }

    public void setMode(Connection c, String mode, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into cluster_security (id, mode, changed_at) values (1, ?, ?)"
                + " on conflict (id) do update set mode = excluded.mode, changed_at = excluded.changed_at")) {
            s.setString(1, mode);
            s.setTimestamp(2, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    public StoredFile save(Connection c, String kind, String tftpNode, byte[] content, String md5, String sha1,
            String digest, String mode, String reason, Instant at, List<EntryRow> entries) throws SQLException {
        int version;
        try (PreparedStatement s = c.prepareStatement(
                "select coalesce(max(version), 0) + 1 from trust_list_file where kind = ? and tftp_node = ?")) {
            s.setString(1, kind);
            s.setString(2, tftpNode);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                version = rs.getInt(1);
            }
        }
        long id;
        try (PreparedStatement s = c.prepareStatement("insert into trust_list_file (kind, tftp_node, version, content,"
                + " length, md5, sha1, digest, security_mode, reason, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " returning id")) {
            s.setString(1, kind);
            s.setString(2, tftpNode);
            s.setInt(3, version);
            s.setBytes(4, content);
            s.setInt(5, content.length);
            s.setString(6, md5);
            s.setString(7, sha1);
            s.setString(8, digest);
            s.setString(9, mode);
            s.setString(10, reason);
            s.setTimestamp(11, Timestamp.from(at));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("insert into trust_list_entry (file_id, record_number, node, unit,"
                + " role, sha256) values (?, ?, ?, ?, ?, ?)")) {
            for (EntryRow e : entries) {
                s.setLong(1, id);
                s.setInt(2, e.recordNumber());
                s.setString(3, e.node());
                s.setString(4, e.unit());
                s.setString(5, e.role());
                s.setString(6, e.sha256());
                s.addBatch();
            }
            s.executeBatch();
        }
        return new StoredFile(id, kind, tftpNode, version, null, content.length, md5, sha1, digest, mode, reason, at);
    }

    private static final String META = "id, kind, tftp_node, version, null, length, md5, sha1, digest, security_mode,"
            + " reason, created_at";
    private static final String FULL = "id, kind, tftp_node, version, content, length, md5, sha1, digest,"
            + " security_mode, reason, created_at";

    public Optional<StoredFile> latestCtl() {
        return query("select " + FULL + " from trust_list_file where kind = 'CTL' order by version desc limit 1",
                List.of(), TrustListStore::file).stream().findFirst();
    }

    /** The newest ITL of every TFTP node. */
    public List<StoredFile> latestItls() {
        return query("select distinct on (tftp_node) " + FULL + " from trust_list_file where kind = 'ITL'"
                + " order by tftp_node, version desc", List.of(), TrustListStore::file);
    }

    public Optional<StoredFile> latestItl(String tftpNode) {
        return query("select " + FULL + " from trust_list_file where kind = 'ITL' and tftp_node = ?"
                + " order by version desc limit 1", List.of(tftpNode), TrustListStore::file).stream().findFirst();
    }

    /** The publisher's ITL: the one whose TFTP node also holds the ITLRecovery it lists. */
    public Optional<StoredFile> latestPublisherItl() {
        return query("select " + FULL.replace("id,", "f.id,") + " from trust_list_file f where kind = 'ITL' and exists"
                + " (select 1 from trust_list_entry e where e.file_id = f.id and e.unit = 'ITLRecovery'"
                + " and e.node = f.tftp_node) order by f.id desc limit 1", List.of(), TrustListStore::file)
                .stream().findFirst();
    }

    public List<StoredFile> versions(String kind) {
        return query("select " + META + " from trust_list_file where kind = ? order by tftp_node, version", List.of(kind),
                TrustListStore::file);
    }

    public List<EntryRow> entries(long fileId) {
        return query("select record_number, node, unit, role, sha256 from trust_list_entry where file_id = ?"
                + " order by record_number", List.of(fileId),
                rs -> new EntryRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
    }

    /** The files, their entries and the mode as one moment's state; {@code process} names this ctl-service. */
    public Snapshot snapshot(String process) {
        try {
            return Snapshot.take(dataSource, "ctl-service", process, Set.of());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database for a snapshot", e);
        }
    }

    /** Refused with an IllegalArgumentException (changing nothing) if it is of another ctl-service or schema. */
    void restore(Snapshot snapshot, String process) {
        try {
            snapshot.restoreInto(dataSource, "ctl-service", process, Set.of());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the database for a restore", e);
        }
    }

    /** Every file, entry and the mode gone, as before the first start (the management API's reset). */
    void clear() {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("truncate trust_list_entry, trust_list_file, cluster_security restart identity")) {
                s.executeUpdate();
            }
            return null;
        });
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** One transaction. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    private static StoredFile file(ResultSet rs) throws SQLException {
        return new StoredFile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBytes(5), rs.getInt(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getTimestamp(12).toInstant());
    }

    @FunctionalInterface
    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> parameters, Row<T> row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                s.setObject(i + 1, parameters.get(i));
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }
}
