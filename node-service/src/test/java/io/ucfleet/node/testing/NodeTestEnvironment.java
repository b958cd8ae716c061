package io.ucfleet.node.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.ucfleet.node.database.EmbeddedDatabase;
import io.ucfleet.node.tls.TlsFiles;

/**
 * Real PostgreSQL for the tests: a fresh database on the server named by
 * {@code UCFLEET_TEST_JDBC_URL} (with {@code UCFLEET_TEST_JDBC_USER} and
 * {@code UCFLEET_TEST_JDBC_PASSWORD}), or else embedded PostgreSQL in a temporary directory.
 * Also gives the node a fresh data directory and a random key-encryption key per run.
 */
public class NodeTestEnvironment implements QuarkusTestResourceLifecycleManager {
    private EmbeddedDatabase embedded;
    /** Set when the run created a database on an external server, to drop it afterwards. */
    private Runnable dropDatabase = () -> {
    };

    @Override
    public Map<String, String> start() {
        try {
            Path dataDir = Files.createTempDirectory("ucfleet-node-test");
            byte[] kek = new byte[32];
            new SecureRandom().nextBytes(kek);
            String kekText = Base64.getEncoder().encodeToString(kek);
            TlsFiles.ensurePlaceholder(dataDir, kekText);

            Map<String, String> config = new HashMap<>();
            config.put("ucfleet.node.data-dir", dataDir.toString());
            config.put("ucfleet.node.key-encryption-key", kekText);
            config.putAll(database(dataDir));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the node test environment", e);
        }
    }

    private Map<String, String> database(Path dataDir) throws SQLException {
        String server = System.getenv("UCFLEET_TEST_JDBC_URL");
        if (server == null || server.isBlank()) {
            embedded = EmbeddedDatabase.start(dataDir.resolve("postgres"));
            return Map.of("quarkus.datasource.jdbc.url", embedded.jdbcUrl(),
                    "quarkus.datasource.username", "postgres", "quarkus.datasource.password", "postgres");
        }
        String user = System.getenv().getOrDefault("UCFLEET_TEST_JDBC_USER", "postgres");
        String password = System.getenv().getOrDefault("UCFLEET_TEST_JDBC_PASSWORD", "");
        String database = "ucfleet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(server, user, password)) {
            connection.createStatement().execute("create database " + database);
        }
        dropDatabase = () -> {
            try (Connection connection = DriverManager.getConnection(server, user, password)) {
                connection.createStatement().execute("drop database if exists " + database + " with (force)");
            } catch (SQLException e) {
                System.err.println("could not drop test database " + database + ": " + e.getMessage());
            }
        };
        String url = server.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
        return Map.of("quarkus.datasource.jdbc.url", url, "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }

    @Override
    public void stop() {
        dropDatabase.run();
        if (embedded != null) {
            embedded.close();
        }
    }
}
