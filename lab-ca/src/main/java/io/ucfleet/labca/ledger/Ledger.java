package io.ucfleet.labca.ledger;

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

/** Every certificate the lab's CAs issued, in lab-ca's PostgreSQL (plain JDBC). Writes take the caller's transaction. */
@ApplicationScoped
public class Ledger {
    private static final String COLUMNS = "serial, authority_id, subject, profile, not_before, not_after, sha256, certificate,"
            + " issued_at, revoked_at, revocation_reason";

    @Inject
    DataSource dataSource;

    public void record(Connection c, IssuedCertificate issued) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into issued_certificate (" + COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, null)")) {
            s.setString(1, issued.serial());
            s.setLong(2, issued.authorityId());
            s.setString(3, issued.subject());
            s.setString(4, issued.profile());
            s.setTimestamp(5, Timestamp.from(issued.notBefore()));
            s.setTimestamp(6, Timestamp.from(issued.notAfter()));
            s.setString(7, issued.sha256());
            s.setBytes(8, issued.der());
            s.setTimestamp(9, Timestamp.from(issued.issuedAt()));
            s.executeUpdate();
        }
    }

    /** Marks it revoked unless it is already; true if this call revoked it. */
    public boolean revoke(Connection c, String serial, RevocationReason reason, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update issued_certificate set revoked_at = ?, revocation_reason = ?"
                + " where serial = ? and revoked_at is null")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, reason.name());
            s.setString(3, serial);
            return s.executeUpdate() == 1;
        }
    }

    public Optional<IssuedCertificate> bySerial(String serial) {
        return query("select " + COLUMNS + " from issued_certificate where serial = ?", List.of(serial)).stream().findFirst();
    }

    /** What one CA issued, newest first. */
    public List<IssuedCertificate> issuedBy(long authorityId) {
        return query("select " + COLUMNS + " from issued_certificate where authority_id = ? order by issued_at desc, serial",
                List.of(authorityId));
    }

    public List<IssuedCertificate> issuedByAny(List<Long> authorityIds) {
        List<IssuedCertificate> all = new ArrayList<>();
        for (long id : authorityIds) {
            all.addAll(issuedBy(id));
        }
        all.sort((a, b) -> b.issuedAt().compareTo(a.issuedAt()));
        return all;
    }

    /** The revoked certificates of one CA, for its CRL (on the CRL's transaction). */
    public List<IssuedCertificate> revokedBy(Connection c, long authorityId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from issued_certificate"
                + " where authority_id = ? and revoked_at is not null order by revoked_at, serial")) {
            s.setLong(1, authorityId);
            return read(s);
        }
    }

    private List<IssuedCertificate> query(String sql, List<Object> parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                s.setObject(i + 1, parameters.get(i));
            }
            return read(s);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the issued certificates", e);
        }
    }

    private static List<IssuedCertificate> read(PreparedStatement s) throws SQLException {
        List<IssuedCertificate> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Timestamp revoked = rs.getTimestamp(10);
                String reason = rs.getString(11);
                rows.add(new IssuedCertificate(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getBytes(8),
                        rs.getTimestamp(9).toInstant(), Optional.ofNullable(revoked).map(Timestamp::toInstant),
                        Optional.ofNullable(reason).map(RevocationReason::valueOf)));
            }
        }
        return rows;
    }
}
