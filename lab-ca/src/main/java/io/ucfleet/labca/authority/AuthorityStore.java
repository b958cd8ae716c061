package io.ucfleet.labca.authority;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.labca.keys.KeyType;

/** Hierarchies and their CAs in lab-ca's PostgreSQL (plain JDBC). Writes take the caller's transaction. */
@ApplicationScoped
public class AuthorityStore {
    @Inject
    DataSource dataSource;

    void insertHierarchy(Connection c, String name, Instant at, Duration crlValidity) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into hierarchy (name, created_at, crl_validity_seconds,"
                + " crl_backdate_seconds) values (?, ?, ?, 0)")) {
            s.setString(1, name);
            s.setTimestamp(2, Timestamp.from(at));
            s.setLong(3, crlValidity.toSeconds());
            s.executeUpdate();
        }
    }

    long insertAuthority(Connection c, String hierarchy, Tier tier, String subject, KeyType type, int size, byte[] der,
            byte[] sealedKey) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into authority (hierarchy, tier, subject, key_algorithm,"
                + " certificate, sealed_key) values (?, ?, ?, ?, ?, ?) returning id")) {
            s.setString(1, hierarchy);
            s.setString(2, tier.id());
            s.setString(3, subject);
            s.setString(4, type.name() + "-" + size);
            s.setBytes(5, der);
            s.setBytes(6, sealedKey);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    boolean updateCrlSettings(Connection c, String hierarchy, Duration validity, Duration backdate) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update hierarchy set crl_validity_seconds = ?, crl_backdate_seconds = ?"
                + " where name = ?")) {
            s.setLong(1, validity.toSeconds());
            s.setLong(2, backdate.toSeconds());
            s.setString(3, hierarchy);
            return s.executeUpdate() == 1;
        }
    }

    public Optional<Hierarchy> find(String name) {
        return load("where h.name = ?", name).stream().findFirst();
    }

    public List<Hierarchy> all() {
        return load("", null);
    }

    private List<Hierarchy> load(String where, String parameter) {
        String sql = "select h.name, h.created_at, h.crl_validity_seconds, h.crl_backdate_seconds, a.id, a.tier,"
                + " a.key_algorithm, a.certificate, a.sealed_key from hierarchy h join authority a on a.hierarchy = h.name "
                + where + " order by h.created_at, h.name, a.id";
        record Row(String name, Instant created, Duration validity, Duration backdate, Authority authority) {
        }
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String[] algorithm = rs.getString(7).split("-");
                    rows.add(new Row(rs.getString(1), rs.getTimestamp(2).toInstant(), Duration.ofSeconds(rs.getLong(3)),
                            Duration.ofSeconds(rs.getLong(4)), new Authority(rs.getLong(5), rs.getString(1),
                                    Tier.byId(rs.getString(6)).orElseThrow(), rs.getBytes(8), rs.getBytes(9),
                                    KeyType.valueOf(algorithm[0]), Integer.parseInt(algorithm[1]))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the CA hierarchies", e);
        }
        Map<String, List<Row>> byName = new TreeMap<>();
        List<String> order = new ArrayList<>();
        for (Row r : rows) {
            byName.computeIfAbsent(r.name(), n -> {
                order.add(n);
                return new ArrayList<>();
            }).add(r);
        }
        List<Hierarchy> hierarchies = new ArrayList<>();
        for (String name : order) {
            List<Row> of = byName.get(name);
            Row first = of.get(0);
            Authority root = of.stream().map(Row::authority).filter(a -> a.tier() == Tier.ROOT).findFirst().orElseThrow();
            Optional<Authority> intermediate = of.stream().map(Row::authority).filter(a -> a.tier() == Tier.INTERMEDIATE)
                    .findFirst();
            hierarchies.add(new Hierarchy(name, first.created(), first.validity(), first.backdate(), root, intermediate));
        }
        return hierarchies;
    }
}
