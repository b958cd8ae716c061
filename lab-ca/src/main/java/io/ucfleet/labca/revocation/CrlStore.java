package io.ucfleet.labca.revocation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Every CRL signed, per CA; the newest is the one served. */
@ApplicationScoped
public class CrlStore {
    @Inject
    DataSource dataSource;

    Optional<SignedCrl> latest(long authorityId) {
        try (Connection c = dataSource.getConnection()) {
            return latest(c, authorityId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the CRLs", e);
        }
    }

    Optional<SignedCrl> latest(Connection c, long authorityId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select crl_number, this_update, next_update, signed_at, der from crl"
                + " where authority_id = ? order by crl_number desc limit 1")) {
            s.setLong(1, authorityId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SignedCrl(authorityId, rs.getLong(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), rs.getBytes(5)));
            }
        }
    }

    /** Serialises CRL signing per CA until the transaction ends. */
    void lock(Connection c, long authorityId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select id from authority where id = ? for update")) {
            s.setLong(1, authorityId);
            s.executeQuery().close();
        }
    }

    void insert(Connection c, SignedCrl crl) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into crl (authority_id, crl_number, this_update, next_update,"
                + " signed_at, der) values (?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, crl.authorityId());
            s.setLong(2, crl.number());
            s.setTimestamp(3, Timestamp.from(crl.thisUpdate()));
            s.setTimestamp(4, Timestamp.from(crl.nextUpdate()));
            s.setTimestamp(5, Timestamp.from(crl.signedAt()));
            s.setBytes(6, crl.der());
            s.executeUpdate();
        }
    }
}
