package io.ucfleet.node.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** Which failures mean "PostgreSQL is away" (503, retry) rather than a bug (500); plain Java, no boot. */
class DatabaseUnavailableTest {
    @Test
    void connectionFailuresAndShutdownsAreUnavailableWhereverTheyAreInTheCauseChain() {
        // as Hibernate wraps a refused connection, and as PostgreSQL ends sessions when it stops
        assertNotNull(ProblemMapper.databaseUnavailable(new IllegalStateException("Unable to acquire JDBC Connection",
                new SQLException("Connection to localhost:5432 refused", "08001"))));
        assertNotNull(ProblemMapper.databaseUnavailable(new SQLException("I/O error", "08006")));
        assertNotNull(ProblemMapper.databaseUnavailable(
                new SQLException("terminating connection due to administrator command", "57P01")));
        assertNotNull(ProblemMapper.databaseUnavailable(new SQLException("the database system is starting up", "57P03")));
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertNull(ProblemMapper.databaseUnavailable(new SQLException("duplicate key value", "23505")));
        assertNull(ProblemMapper.databaseUnavailable(new SQLException("Sorry, acquisition timeout!")));
        assertNull(ProblemMapper.databaseUnavailable(new RuntimeException("boom")));
    }
}
