package io.ucfleet.fleet.database;

import io.ucfleet.platform.database.EmbeddedDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * Real PostgreSQL for a module's tests: a fresh database on the server named by
 * {@code UCFLEET_TEST_JDBC_URL} (with {@code UCFLEET_TEST_JDBC_USER} and
 * {@code UCFLEET_TEST_JDBC_PASSWORD}), dropped on close; or else embedded PostgreSQL in the
 * given directory. {@link #config()} is the datasource configuration for Quarkus.
 */
public final class TestDatabase implements AutoCloseable {
    private final Map<String, String> config;
    private final AutoCloseable cleanup;

    private TestDatabase(Map<String, String> config, AutoCloseable cleanup) {
        this.config = config;
        this.cleanup = cleanup;
    }

    public static TestDatabase start(Path embeddedDirectory) {
        String server = System.getenv("UCFLEET_TEST_JDBC_URL");
        if (server == null || server.isBlank()) {
            EmbeddedDatabase embedded = EmbeddedDatabase.start(embeddedDirectory);
            return new TestDatabase(Map.of("quarkus.datasource.jdbc.url", embedded.jdbcUrl(),
                    "quarkus.datasource.username", "postgres", "quarkus.datasource.password", "postgres"),
                    embedded);
        }
        String user = System.getenv().getOrDefault("UCFLEET_TEST_JDBC_USER", "postgres");
        String password = System.getenv().getOrDefault("UCFLEET_TEST_JDBC_PASSWORD", "");
        String database = "ucfleet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(server, user, password)) {
            connection.createStatement().execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + server, e);
        }
        AutoCloseable drop = () -> {
            try (Connection connection = DriverManager.getConnection(server, user, password)) {
                connection.createStatement().execute("drop database if exists " + database + " with (force)");
            } catch (SQLException e) {
                System.err.println("could not drop test database " + database + ": " + e.getMessage());
            }
        };
        String url = server.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
        return new TestDatabase(Map.of("quarkus.datasource.jdbc.url", url, "quarkus.datasource.username", user,
                "quarkus.datasource.password", password), drop);
    }

    public Map<String, String> config() {
        return config;
    }

    @Override
    public void close() {
        try {
            cleanup.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot clean up the test database", e);
        }
    }
}
