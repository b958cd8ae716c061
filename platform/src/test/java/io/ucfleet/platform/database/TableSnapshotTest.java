package io.ucfleet.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A database to JSON and back on real PostgreSQL: every column type, foreign keys, sequences, kept tables. */
class TableSnapshotTest {
    private static EmbeddedDatabase database;
    private static Connection c;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedDatabase.start(Files.createTempDirectory("ucfleet-snapshot-test").resolve("postgres"));
        c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
        try (Statement s = c.createStatement()) {
            // child sorts before parent by name, so the insert order must come from the foreign key
            s.execute("create table flyway_schema_history (installed_rank int, version text, success boolean)");
            s.execute("insert into flyway_schema_history values (1, '1', true), (2, '2', true)");
            s.execute("create table b_parent (id bigserial primary key, name text not null, der bytea, at timestamptz,"
                    + " tags text[], flag boolean)");
            s.execute("create table a_child (id bigserial primary key, parent_id bigint not null references b_parent(id),"
                    + " note text)");
            s.execute("create table kept (k text)");
            s.execute("insert into b_parent (name, der, at, tags, flag) values ('one', '\\x00ff10'::bytea,"
                    + " '2026-12-01T12:00:00.123456Z', '{a,b}', true), ('two \"quoted\" \\\\ back', null, null, null, null)");
            s.execute("insert into a_child (parent_id, note) values (1, 'x'), (2, null)");
            s.execute("insert into kept values ('stays')");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
        database.close();
    }

    private static List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.add(r.getString(i));
                }
                rows.add(String.join("|", row));
            }
        }
        return rows;
    }

    @Test
    void aDumpRestoresToTheSameRowsParentsFirstWithSequencesPastThemAndKeptTablesUntouched() throws Exception {
        String parents = "select id, name, encode(der, 'hex'), at, tags, flag from b_parent order by id";
        String children = "select id, parent_id, note from a_child order by id";
        List<String> parentsBefore = rows(parents);
        List<String> childrenBefore = rows(children);
        Map<String, String> snapshot = TableSnapshot.dump(c, Set.of("kept"));
        assertEquals(Set.of("a_child", "b_parent"), snapshot.keySet());
        assertEquals("2:2", TableSnapshot.schemaVersion(c));

        try (Statement s = c.createStatement()) {
            s.execute("delete from a_child");
            s.execute("update b_parent set name = 'changed'");
            s.execute("insert into b_parent (name) values ('three')");
            s.execute("update kept set k = 'mine'");
        }
        c.setAutoCommit(false);
        TableSnapshot.restore(c, snapshot, Set.of("kept"));
        c.commit();
        c.setAutoCommit(true);
        assertEquals(parentsBefore, rows(parents));
        assertEquals(childrenBefore, rows(children));
        assertEquals(List.of("mine"), rows("select k from kept"), "a kept table is the caller's");
        try (Statement s = c.createStatement()) {
            s.execute("insert into b_parent (name) values ('after')");
        }
        assertEquals(List.of("3"), rows("select id from b_parent where name = 'after'"), "the sequence continues past the rows");
    }

    @Test
    void aSnapshotOfAnotherSchemaIsRefusedAndChangesNothing() throws Exception {
        List<String> before = rows("select id, name from b_parent order by id");
        Map<String, String> foreign = new HashMap<>(TableSnapshot.dump(c, Set.of("kept")));
        foreign.put("pending_change", "[]");
        c.setAutoCommit(false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableSnapshot.restore(c, foreign, Set.of("kept")));
        c.rollback();
        c.setAutoCommit(true);
        assertTrue(e.getMessage().contains("\"pending_change\""), e.getMessage());
        assertEquals(before, rows("select id, name from b_parent order by id"));
    }
}
