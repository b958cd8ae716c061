package io.ucfleet.platform.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's whole database as JSON and back, for the management API's fleet snapshot: every
 * table of the schema (but those a caller keeps) as a JSON array of its rows, by PostgreSQL's
 * own {@code row_to_json} and {@code json_populate_recordset}, so every column type round-trips
 * through its own input and output functions (bytea as {@code \\x} hex, timestamps, arrays).
 * Restoring empties the tables in one {@code TRUNCATE}, inserts parents before children, and
 * moves each serial sequence past the restored rows. The caller owns the transaction.
 */
public final class TableSnapshot {
    private TableSnapshot() {
    }

    /** Every table but {@code kept} and Flyway's history, as table name → JSON array text. */
    public static Map<String, String> dump(Connection c, Set<String> kept) throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        for (String table : tables(c, kept)) {
            try (PreparedStatement s = c.prepareStatement("select coalesce(json_agg(row_to_json(t)), '[]')::text from "
                    + quote(table) + " t"); ResultSet r = s.executeQuery()) {
                r.next();
                tables.put(table, r.getString(1));
            }
        }
        return tables;
    }

    /** The schema version Flyway reached: a snapshot restores only into the same one. */
    public static String schemaVersion(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select max(installed_rank)::text || ':' || coalesce(max(version), '')"
                + " from flyway_schema_history where success"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * Replaces the content of every table the snapshot names (and empties the other tables of
     * the schema but {@code kept}). A table the snapshot names that this schema lacks is an
     * error, so a snapshot of another service is refused whole.
     */
    public static void restore(Connection c, Map<String, String> snapshot, Set<String> kept) throws SQLException {
        List<String> tables = tables(c, kept);
        for (String name : snapshot.keySet()) {
            if (!tables.contains(name)) {
                throw new IllegalArgumentException("the snapshot has a table \"" + name + "\" this database does not");
            }
        }
        try (PreparedStatement s = c.prepareStatement("truncate " + String.join(", ", tables.stream().map(TableSnapshot::quote)
                .toList()) + " restart identity")) {
            s.executeUpdate();
        }
        for (String table : parentsFirst(c, tables)) {
            String rows = snapshot.get(table);
            if (rows == null) {
                continue;
            }
            try (PreparedStatement s = c.prepareStatement("insert into " + quote(table)
                    + " select * from json_populate_recordset(null::" + quote(table) + ", cast(? as json))")) {
                s.setString(1, rows);
                s.executeUpdate();
            }
        }
        for (String[] serial : serials(c, tables)) {
            try (PreparedStatement s = c.prepareStatement("select setval(?, coalesce((select max(" + quote(serial[1]) + ") from "
                    + quote(serial[0]) + "), 0) + 1, false)")) {
                s.setString(1, serial[2]);
                s.executeQuery().close();
            }
        }
    }

    private static List<String> tables(Connection c, Set<String> kept) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select tablename from pg_tables where schemaname = current_schema()"
                + " order by tablename"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String name = r.getString(1);
                if (!kept.contains(name) && !"flyway_schema_history".equals(name)) {
                    tables.add(name);
                }
            }
        }
        return tables;
    }

    /** The tables ordered so that every table comes after those its foreign keys reference. */
    private static List<String> parentsFirst(Connection c, List<String> tables) throws SQLException {
        Map<String, Set<String>> parents = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select conrelid::regclass::text, confrelid::regclass::text"
                + " from pg_constraint where contype = 'f' and connamespace = current_schema()::regnamespace");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                parents.computeIfAbsent(r.getString(1), t -> new HashSet<>()).add(r.getString(2));
            }
        }
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (ordered.size() < tables.size()) {
            boolean progress = false;
            for (String t : tables) {
                if (!placed.contains(t) && placed.containsAll(parents.getOrDefault(t, Set.of()).stream()
                        .filter(tables::contains).filter(p -> !p.equals(t)).toList())) {
                    ordered.add(t);
                    placed.add(t);
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("foreign keys form a cycle among " + tables);
            }
        }
        return ordered;
    }

    /** {table, column, sequence} of every column filled from a sequence. */
    private static List<String[]> serials(Connection c, List<String> tables) throws SQLException {
        List<String[]> serials = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select table_name, column_name,"
                + " pg_get_serial_sequence(quote_ident(table_name), column_name) from information_schema.columns"
                + " where table_schema = current_schema() and pg_get_serial_sequence(quote_ident(table_name), column_name) is not null");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                if (tables.contains(r.getString(1))) {
                    serials.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
                }
            }
        }
        return serials;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
