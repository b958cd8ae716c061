package io.ucfleet.platform.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * One process's stored state as the management API's snapshot carries it: which service and
 * process it is of, the schema version, and every table's rows ({@link TableSnapshot}). Private
 * keys stay sealed as they are at rest, so a snapshot restores only where the same
 * key-encryption keys are (the same fleet's state directory).
 */
public record Snapshot(String service, String process, String schemaVersion, Map<String, JsonNode> tables) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The body of a restore ({@code PUT /ucfleet/v1/snapshot}), read whole before it is parsed:
     * a resource takes it as {@code byte[]}, which Quarkus REST's byte reader reads up to the body
     * limit and answers past it 413 {@code payload-too-large} (a chunked body has no Content-Length
     * for the edge to refuse first). Taken as a {@code Snapshot} parameter, Jackson read the body as
     * a stream and only as far as it got: on 5 MiB of "[" it gave up at its nesting limit after a
     * few KiB, the 400 went out with the rest of the body unread, the request stayed paused, the
     * client's upload stalled, and the connection hung until the idle timeout. Parsed here with the
     * application's {@code json}: nothing or JSON that is no snapshot is a 400 {@code
     * invalid-request} naming where it stops being one.
     */
    public static Snapshot parse(byte[] body, ObjectMapper json) {
        if (body == null || body.length == 0) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body must be a snapshot (GET /ucfleet/v1/snapshot).");
        }
        Snapshot snapshot;
        try {
            snapshot = json.readValue(body, Snapshot.class);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body must be a snapshot (GET /ucfleet/v1/snapshot) in"
                    + " JSON; it cannot be read as one" + (at == null ? "" : " (at line " + at.getLineNr() + ", column "
                            + at.getColumnNr() + ")") + ". Nothing was restored.");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail to read
        }
        if (snapshot == null) { // the body was JSON null
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body must be a snapshot (GET /ucfleet/v1/snapshot).");
        }
        return snapshot;
    }

    /** The whole database but {@code kept}, read in one repeatable-read transaction so that it is one moment's state. */
    public static Snapshot take(DataSource dataSource, String service, String process, Set<String> kept) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Map<String, JsonNode> tables = new LinkedHashMap<>();
                for (var t : TableSnapshot.dump(c, kept).entrySet()) {
                    tables.put(t.getKey(), JSON.readTree(t.getValue()));
                }
                Snapshot snapshot = new Snapshot(service, process, TableSnapshot.schemaVersion(c), tables);
                c.commit();
                return snapshot;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("PostgreSQL answered JSON Jackson cannot read", e);
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        }
    }

    /**
     * Replaces the database with this snapshot in one transaction, or refuses (with a sentence
     * naming why, as an {@link IllegalArgumentException}) and changes nothing: another service,
     * another process, another schema version, a table this schema lacks.
     */
    public void restoreInto(DataSource dataSource, String expectedService, String expectedProcess, Set<String> kept)
            throws SQLException {
        if (!expectedService.equals(service)) {
            throw new IllegalArgumentException("The snapshot is of a " + service + ", not of this " + expectedService + ".");
        }
        if (!expectedProcess.equals(process)) {
            throw new IllegalArgumentException("The snapshot is of " + process + ", not of " + expectedProcess
                    + "; its sealed keys open only there.");
        }
        if (tables == null) {
            throw new IllegalArgumentException("The snapshot has no \"tables\".");
        }
        try (Connection c = dataSource.getConnection()) {
            String version = TableSnapshot.schemaVersion(c);
            if (!version.equals(schemaVersion)) {
                throw new IllegalArgumentException("The snapshot is of schema " + schemaVersion + "; this database is at "
                        + version + ".");
            }
            c.setAutoCommit(false);
            try {
                Map<String, String> rows = new LinkedHashMap<>();
                for (var t : tables.entrySet()) {
                    if (t.getValue() == null || !t.getValue().isArray()) {
                        throw new IllegalArgumentException("The snapshot's table \"" + t.getKey() + "\" is not an array of rows.");
                    }
                    rows.put(t.getKey(), JSON.writeValueAsString(t.getValue()));
                }
                restoreRetryingDeadlocks(c, rows, kept);
                c.commit();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            } catch (SQLException e) {
                c.rollback();
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (state.startsWith("22") || state.startsWith("23")) { // data or integrity: the snapshot's rows, not the server
                    throw new IllegalArgumentException("A row of the snapshot does not fit its table (SQLSTATE " + state + ").");
                }
                throw e;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * The truncate takes every table's exclusive lock one after the other, so a reader that
     * holds one table and asks for the next (a change-feed page reads two) can deadlock with it;
     * PostgreSQL then aborts one side. A restore that lost is tried again, a few times.
     */
    private static void restoreRetryingDeadlocks(Connection c, Map<String, String> rows, Set<String> kept) throws SQLException {
        for (int attempt = 1;; attempt++) {
            java.sql.Savepoint before = c.setSavepoint();
            try {
                TableSnapshot.restore(c, rows, kept);
                c.releaseSavepoint(before);
                return;
            } catch (SQLException e) {
                if (!"40P01".equals(e.getSQLState()) || attempt == 5) {
                    throw e;
                }
                c.rollback(before);
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
